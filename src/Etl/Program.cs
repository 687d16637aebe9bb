using Analytics.Etl.Cli;

return await EtlCommandLine.RunAsync(args);
