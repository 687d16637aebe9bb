namespace Analytics.Core.Accounts;

/// <summary>The three roles, each including the one before: viewer &lt; uploader &lt; admin.</summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Uploader = "uploader";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Viewer, Uploader, Admin];

    public static bool IsKnown(string? role) => role is Viewer or Uploader or Admin;

    /// <summary>Whether a user of <paramref name="role"/> may do what <paramref name="required"/> may.</summary>
    public static bool Includes(string? role, string required) => Rank(role) >= Rank(required);

    private static int Rank(string? role) => role switch
    {
        Admin => 3,
        Uploader => 2,
        Viewer => 1,
        _ => 0,
    };
}
