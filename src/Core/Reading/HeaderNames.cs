namespace Analytics.Core.Reading;

/// <summary>The non-metric columns of the CSV layouts and the header aliases clerks use for them (spec §6).</summary>
public static class HeaderNames
{
    public const string Agency = "agency";
    public const string Year = "year";
    public const string Metric = "metric";
    public const string Value = "value";
    public const string AgencyCode = "agency_code";
    public const string Region = "region";
    public const string Level = "level";
    public const string Note = "note";

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["agency"] = Agency, ["机关名称"] = Agency, ["单位名称"] = Agency, ["机关"] = Agency, ["agency_name"] = Agency,
        ["year"] = Year, ["年度"] = Year, ["年份"] = Year,
        ["metric"] = Metric, ["指标"] = Metric, ["指标代码"] = Metric,
        ["value"] = Value, ["数值"] = Value, ["值"] = Value,
        ["agency_code"] = AgencyCode, ["机关代码"] = AgencyCode, ["单位代码"] = AgencyCode, ["统一社会信用代码"] = AgencyCode,
        ["region"] = Region, ["地区"] = Region, ["所属地区"] = Region, ["区域"] = Region,
        ["level"] = Level, ["层级"] = Level, ["级别"] = Level, ["机关层级"] = Level,
        ["note"] = Note, ["备注"] = Note, ["说明"] = Note,
    };

    /// <summary>The canonical name of a header cell, or null when it is not one of the known columns.</summary>
    public static string? Canonical(string header) => Aliases.GetValueOrDefault(Clean(header));

    /// <summary>A header cell without BOM, spaces and case, as it is matched.</summary>
    public static string Clean(string header) =>
        ValueParser.Normalize(header.Replace("\uFEFF", "", StringComparison.Ordinal)).ToLowerInvariant();
}
