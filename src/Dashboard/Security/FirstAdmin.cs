using Analytics.Core.Accounts;

namespace Analytics.Dashboard.Security;

/// <summary>
/// On the first start (no user at all) creates the admin account with a random password and prints it once to
/// the console: there is no built-in default password to forget to change. Never written to the log.
/// </summary>
public sealed class FirstAdmin(UserStore users) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (users.EnsureFirstAdmin() is { } password)
        {
            Console.WriteLine(
                $"""

                ================================================================================
                 First start: created the administrator account. It is shown only this once.
                 首次启动：已创建管理员账户，密码仅显示这一次。
                   user 用户名:  {UserStore.FirstAdminName}
                   password 密码: {password}
                 Change it after signing in, or: dotnet run --project src/Etl -- users reset {UserStore.FirstAdminName}
                ================================================================================

                """);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
