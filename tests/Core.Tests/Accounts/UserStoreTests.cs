using Analytics.Core.Accounts;
using Analytics.Core.Storage;

namespace Analytics.Core.Tests.Accounts;

public sealed class UserStoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("users-").FullName;
    private readonly TestStore _store;
    private readonly AnalyticsDatabase _database;
    private readonly UserStore _users;

    public UserStoreTests()
    {
        _store = TestStore.Migrated(_folder);
        _database = _store.Open();
        _users = new UserStore(_database);
    }

    public void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void TheFirstStartCreatesOneAdminWithARandomPasswordAndLaterStartsNone()
    {
        var password = _users.EnsureFirstAdmin();

        Assert.NotNull(password);
        Assert.Equal(20, password.Length);
        Assert.Equal(Roles.Admin, _users.SignIn("admin", password)!.Role);
        Assert.Null(_users.EnsureFirstAdmin());
        Assert.Single(_users.List());
        // Two databases never share a first password.
        using var other = new UserStoreTests();
        Assert.NotEqual(password, other._users.EnsureFirstAdmin());
    }

    [Fact]
    public void PasswordsAreStoredHashedAndCheckedOnSignIn()
    {
        _users.Add("李四", Roles.Uploader, "a long enough password", "test");

        var stored = _users.Find("李四")!;
        Assert.DoesNotContain("a long enough password", stored.PasswordHash);
        Assert.StartsWith("AQAAAA", stored.PasswordHash); // PasswordHasher's v3 format: PBKDF2 with a salt.
        Assert.NotNull(_users.SignIn("李四", "a long enough password"));
        Assert.Null(_users.SignIn("李四", "a long enough passwor"));
        Assert.Null(_users.SignIn("nobody", "a long enough password"));
        Assert.NotNull(_users.Find("李四")!.LastLoginAt);
    }

    [Fact]
    public void FailedSignInsAreAuditedWithoutSayingWhichPartWasWrongToTheCaller()
    {
        _users.Add("viewer1", Roles.Viewer, "a long enough password", "test");
        _users.SignIn("viewer1", "wrong password!!");
        _users.SignIn("ghost", "wrong password!!");

        var failures = new AuditLog(_database).List().Where(e => e.Action == AuditLog.Actions.SignInFailed).ToList();
        Assert.Equal(["ghost", "viewer1"], failures.Select(f => f.Actor));
        Assert.Equal(["unknown user", "wrong password"], failures.Select(f => f.Detail));
    }

    [Fact]
    public void ADisabledUserCannotSignInUntilEnabled()
    {
        _users.Add("u", Roles.Uploader, "a long enough password", "test");
        _users.SetDisabled("u", true, "admin");
        Assert.Null(_users.SignIn("u", "a long enough password"));
        _users.SetDisabled("u", false, "admin");
        Assert.NotNull(_users.SignIn("u", "a long enough password"));
    }

    [Theory]
    [InlineData("", Roles.Viewer, "a long enough password", "1 to 64 characters")]
    [InlineData("bad\u0007name", Roles.Viewer, "a long enough password", "control characters")]
    [InlineData("ok", "superuser", "a long enough password", "viewer, uploader or admin")]
    [InlineData("ok", Roles.Viewer, "short", "at least 12 characters")]
    public void BadAccountsAreRefusedWithAReason(string name, string role, string password, string reason)
    {
        var refused = Assert.Throws<AccountException>(() => _users.Add(name, role, password, "test"));
        Assert.Contains(reason, refused.Message);
        Assert.Empty(_users.List());
    }

    [Fact]
    public void NamesAreUniqueWhateverTheirCase()
    {
        _users.Add("Zhang", Roles.Viewer, "a long enough password", "test");
        Assert.Contains("already exists", Assert.Throws<AccountException>(() => _users.Add("zhang", Roles.Admin, "a long enough password", "test")).Message);
    }

    [Fact]
    public void TheLastEnabledAdminCannotBeDisabledOrDemoted()
    {
        _users.Add("boss", Roles.Admin, "a long enough password", "test");
        Assert.Throws<AccountException>(() => _users.SetDisabled("boss", true, "boss"));
        Assert.Throws<AccountException>(() => _users.SetRole("boss", Roles.Viewer, "boss"));
        _users.Add("deputy", Roles.Admin, "a long enough password", "boss");
        _users.SetRole("boss", Roles.Viewer, "deputy");
        Assert.Equal(Roles.Viewer, _users.Find("boss")!.Role);
    }

    [Fact]
    public void EveryUserChangeIsAuditedWithItsActor()
    {
        _users.Add("u", Roles.Viewer, "a long enough password", "root");
        _users.SetRole("u", Roles.Uploader, "root");
        _users.SetPassword("u", "another long password", "root");
        _users.SetDisabled("u", true, "root");

        var entries = new AuditLog(_database).List().Reverse().ToList();
        Assert.Equal(
            [AuditLog.Actions.UserAdd, AuditLog.Actions.UserRole, AuditLog.Actions.UserPassword, AuditLog.Actions.UserDisable],
            entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal("root", e.Actor));
        Assert.Equal("u: uploader", entries[1].Detail);
    }

    [Fact]
    public void RolesIncludeTheOnesBelow()
    {
        Assert.True(Roles.Includes(Roles.Admin, Roles.Uploader));
        Assert.True(Roles.Includes(Roles.Uploader, Roles.Viewer));
        Assert.False(Roles.Includes(Roles.Uploader, Roles.Admin));
        Assert.False(Roles.Includes(Roles.Viewer, Roles.Uploader));
        Assert.False(Roles.Includes(null, Roles.Viewer));
    }
}
