namespace Analytics.Core.Reading;

/// <summary>
/// A located problem in a file: line and column are 1-based (0 when the problem has no place, such as an empty
/// file). <see cref="Detail"/> carries the values the message names.
/// </summary>
public sealed record ReadError(ErrorCode Code, long Line, int Column, string? ColumnName = null, string? Value = null, string? Detail = null)
{
    public string Message => ErrorMessages.Format(this, chinese: false);

    public string MessageZh => ErrorMessages.Format(this, chinese: true);
}
