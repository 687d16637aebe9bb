using Analytics.Bench;

return await Benchmark.RunAsync(BenchOptions.Parse(args));
