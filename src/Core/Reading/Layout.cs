namespace Analytics.Core.Reading;

/// <summary>The file layouts of spec §6.</summary>
public enum Layout
{
    Long,
    Wide,
    Report,
}

/// <summary>Names of layouts as stored and typed on the command line.</summary>
public static class LayoutNames
{
    public static string ToName(this Layout layout) => layout.ToString().ToLowerInvariant();

    public static Layout? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "long" => Layout.Long,
        "wide" => Layout.Wide,
        "report" => Layout.Report,
        _ => null,
    };
}
