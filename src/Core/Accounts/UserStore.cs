using System.Security.Cryptography;
using Analytics.Core.Storage;
using Dapper;
using Microsoft.AspNetCore.Identity;

namespace Analytics.Core.Accounts;

/// <summary>
/// Users in the database, passwords hashed with ASP.NET Core's PasswordHasher (PBKDF2, per-user salt). Every
/// change is audited in its own transaction.
/// </summary>
public sealed class UserStore(AnalyticsDatabase database)
{
    /// <summary>Long enough that guessing over the network is hopeless, short enough to type from a note.</summary>
    public const int MinPasswordLength = 12;

    /// <summary>The account the first start creates when there is none.</summary>
    public const string FirstAdminName = "admin";

    private static readonly PasswordHasher<UserRow> Hasher = new();

    public bool Any()
    {
        using var connection = database.OpenRead();
        return connection.ExecuteScalar<long>("SELECT count(*) FROM users") > 0;
    }

    public UserRow? Find(string name)
    {
        using var connection = database.OpenRead();
        return connection.QuerySingleOrDefault<UserRow>("SELECT * FROM users WHERE lower(name) = lower(@name)", new { name = name.Trim() });
    }

    public IReadOnlyList<UserRow> List()
    {
        using var connection = database.OpenRead();
        return connection.Query<UserRow>("SELECT * FROM users ORDER BY name").AsList();
    }

    /// <summary>
    /// Creates the first admin with a random password when the database has no user at all, and returns that
    /// password (to be shown once); null when users exist. There is never a built-in default password.
    /// </summary>
    public string? EnsureFirstAdmin()
    {
        using var connection = database.OpenWrite();
        using var transaction = database.BeginAccountsWrite(connection);
        if (connection.ExecuteScalar<long>("SELECT count(*) FROM users", transaction: transaction) > 0)
        {
            return null;
        }
        var password = NewPassword();
        Insert(connection, transaction, FirstAdminName, Roles.Admin, password, "system");
        transaction.Commit();
        return password;
    }

    public void Add(string name, string role, string password, string actor)
    {
        name = CheckName(name);
        CheckRole(role);
        CheckPassword(password);
        using var connection = database.OpenWrite();
        using var transaction = database.BeginAccountsWrite(connection);
        if (connection.ExecuteScalar<long>("SELECT count(*) FROM users WHERE lower(name) = lower(@name)", new { name }, transaction) > 0)
        {
            throw new AccountException($"A user named '{name}' already exists. 用户“{name}”已存在。");
        }
        Insert(connection, transaction, name, role, password, actor);
        transaction.Commit();
    }

    public void SetPassword(string name, string password, string actor)
    {
        CheckPassword(password);
        Change(name, actor, AuditLog.Actions.UserPassword, "password_hash = @value", Hasher.HashPassword(new UserRow(), password), null);
    }

    public void SetRole(string name, string role, string actor)
    {
        CheckRole(role);
        Change(name, actor, AuditLog.Actions.UserRole, "role = @value", role, role);
    }

    public void SetDisabled(string name, bool disabled, string actor) =>
        Change(name, actor, disabled ? AuditLog.Actions.UserDisable : AuditLog.Actions.UserEnable, "disabled = @value", disabled ? 1 : 0, null);

    /// <summary>The user when the name and password match an enabled account; failures are audited.</summary>
    public UserRow? SignIn(string name, string password)
    {
        var user = Find(name ?? "");
        var result = user is null || user.Disabled ? PasswordVerificationResult.Failed : Hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? "");
        using var connection = database.OpenWrite();
        if (result == PasswordVerificationResult.Failed)
        {
            // The name as typed, cut short: an audit line must not become a store for whatever a stranger sends.
            var typed = (name ?? "").Trim();
            AuditLog.Record(connection, null, typed.Length > 64 ? typed[..64] : typed, AuditLog.Actions.SignInFailed,
                detail: user is null ? "unknown user" : user.Disabled ? "disabled" : "wrong password");
            return null;
        }
        var hash = result == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(user!, password!) : user!.PasswordHash;
        connection.Execute("UPDATE users SET last_login_at = @now, password_hash = @hash WHERE id = @Id", new { now = Clock.Now(), hash, user!.Id });
        return user;
    }

    /// <summary>20 characters from a 58-letter alphabet without look-alikes (0/O, 1/l/I): about 117 bits.</summary>
    public static string NewPassword()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        return RandomNumberGenerator.GetString(alphabet, 20);
    }

    private static void Insert(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        string name, string role, string password, string actor)
    {
        connection.Execute(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES (@name, @role, @hash, @now)",
            new { name, role, hash = Hasher.HashPassword(new UserRow { Name = name }, password), now = Clock.Now() }, transaction);
        AuditLog.Record(connection, transaction, actor, AuditLog.Actions.UserAdd, detail: $"{name} ({role})");
    }

    private void Change(string name, string actor, string action, string set, object value, string? detail)
    {
        using var connection = database.OpenWrite();
        using var transaction = database.BeginAccountsWrite(connection);
        var user = connection.QuerySingleOrDefault<UserRow>("SELECT * FROM users WHERE lower(name) = lower(@name)", new { name = name.Trim() }, transaction)
            ?? throw new AccountException($"There is no user named '{name}'. 没有名为“{name}”的用户。");
        if (action is AuditLog.Actions.UserDisable or AuditLog.Actions.UserRole && user.Role == Roles.Admin && !Equals(value, Roles.Admin)
            && connection.ExecuteScalar<long>("SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0 AND id <> @Id", new { user.Id }, transaction) == 0)
        {
            throw new AccountException("That would leave no enabled admin. 此操作会导致没有可用的管理员。");
        }
        connection.Execute($"UPDATE users SET {set} WHERE id = @Id", new { value, user.Id }, transaction);
        AuditLog.Record(connection, transaction, actor, action, detail: detail is null ? user.Name : $"{user.Name}: {detail}");
        transaction.Commit();
    }

    private static string CheckName(string name)
    {
        name = (name ?? "").Trim();
        if (name.Length is 0 or > 64 || name.Any(char.IsControl))
        {
            throw new AccountException("A user name is 1 to 64 characters, without control characters. 用户名为 1–64 个字符，不含控制字符。");
        }
        return name;
    }

    private static void CheckRole(string role)
    {
        if (!Roles.IsKnown(role))
        {
            throw new AccountException($"The role must be viewer, uploader or admin, not '{role}'. 角色须为 viewer、uploader 或 admin。");
        }
    }

    private static void CheckPassword(string password)
    {
        if ((password ?? "").Length < MinPasswordLength)
        {
            throw new AccountException($"A password needs at least {MinPasswordLength} characters. 密码至少需要 {MinPasswordLength} 个字符。");
        }
    }
}
