namespace Analytics.Core.Accounts;

/// <summary>A user as stored (never shown with its hash).</summary>
public sealed record UserRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string Role { get; init; } = "";
    public string PasswordHash { get; init; } = "";
    public bool Disabled { get; init; }
    public string CreatedAt { get; init; } = "";
    public string? LastLoginAt { get; init; }
}

/// <summary>One audit entry: who did what, when, to which batch and file.</summary>
public sealed record AuditRow
{
    public long Id { get; init; }
    public string At { get; init; } = "";
    public string Actor { get; init; } = "";
    public string Action { get; init; } = "";
    public long? BatchId { get; init; }
    public string? Sha256 { get; init; }
    public string? Detail { get; init; }
}

/// <summary>A refused account change, with a message for the person who asked for it.</summary>
public sealed class AccountException(string message) : Exception(message);
