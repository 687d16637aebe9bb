using System.Globalization;
using Analytics.Core.Accounts;
using Analytics.Core.Storage;

namespace Analytics.Etl.Cli;

/// <summary>The administrator's verbs: accounts for the dashboard, and rolling a batch back.</summary>
public static partial class EtlCommandLine
{
    /// <summary>Whoever runs the command line, as the audit log names them.</summary>
    private static string CliActor => $"cli:{Environment.UserName}";

    private static int Users(string[] args)
    {
        var (options, positional, named) = Parse(args, "--role", "--password");
        var users = new UserStore(OpenDatabase(options));
        var action = positional.ElementAtOrDefault(0);
        var name = positional.ElementAtOrDefault(1);
        try
        {
            switch (action)
            {
                case "list":
                    Console.WriteLine("name,role,status,created_at,last_login_at");
                    foreach (var u in users.List())
                    {
                        Console.WriteLine($"{u.Name},{u.Role},{(u.Disabled ? "disabled" : "active")},{u.CreatedAt},{u.LastLoginAt}");
                    }
                    return 0;
                case "add" when name is not null:
                    {
                        var role = named.GetValueOrDefault("--role") ?? throw new UsageException("users add needs --role viewer|uploader|admin.");
                        var password = named.GetValueOrDefault("--password") ?? UserStore.NewPassword();
                        users.Add(name, role, password, CliActor);
                        Console.WriteLine(named.ContainsKey("--password") ? $"Added {name} ({role})." : $"Added {name} ({role}). Password (shown once): {password}");
                        return 0;
                    }
                case "reset" when name is not null:
                    {
                        var password = named.GetValueOrDefault("--password") ?? UserStore.NewPassword();
                        users.SetPassword(name, password, CliActor);
                        Console.WriteLine(named.ContainsKey("--password") ? $"Password of {name} changed." : $"New password of {name} (shown once): {password}");
                        return 0;
                    }
                case "role" when name is not null && positional.Count == 3:
                    users.SetRole(name, positional[2], CliActor);
                    Console.WriteLine($"{name} is now {positional[2]}.");
                    return 0;
                case "disable" or "enable" when name is not null:
                    users.SetDisabled(name, action == "disable", CliActor);
                    Console.WriteLine($"{name} {action}d.");
                    return 0;
                default:
                    throw new UsageException("users needs list, add NAME --role ROLE, reset NAME, role NAME ROLE, disable NAME or enable NAME.");
            }
        }
        catch (AccountException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }

    private static int Rollback(string[] args)
    {
        var (options, positional, _) = Parse(args);
        if (positional.Count != 1 || !long.TryParse(positional[0], NumberStyles.None, CultureInfo.InvariantCulture, out var batchId))
        {
            throw new UsageException("rollback needs one batch number, e.g. rollback 12.");
        }
        try
        {
            var result = new BatchRollback(OpenDatabase(options)).Rollback(batchId, CliActor);
            Console.WriteLine($"rolled back batch {batchId}: {result.Restored} agency-years restored to their previous revision, {result.Removed} removed");
            return 0;
        }
        catch (RollbackRefusedException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }
}
