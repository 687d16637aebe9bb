namespace Analytics.Core.Validation;

/// <summary>
/// One broken consistency rule for one agency-year: the rule, what it was applied to (a column, row or group),
/// and the two sides that should have been equal (or ordered).
/// </summary>
public sealed record Finding(string Rule, string Severity, string Subject, double? Left, double? Right, string Message, string MessageZh)
{
    public const string Error = "error";
    public const string Warning = "warning";
}
