namespace Analytics.Core.Catalog;

/// <summary>The two national report formats (spec §1). Flags so a metric can belong to both.</summary>
[Flags]
public enum FormatVersions
{
    None = 0,
    V2019 = 1,
    V2021 = 2,
    Both = V2019 | V2021,
}

/// <summary>Names of format versions as stored and shown ("2019", "2021").</summary>
public static class FormatVersionNames
{
    public static string ToName(this FormatVersions version) => version switch
    {
        FormatVersions.V2019 => "2019",
        FormatVersions.V2021 => "2021",
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "A single format version is expected."),
    };

    public static FormatVersions Parse(string name) => name switch
    {
        "2019" => FormatVersions.V2019,
        "2021" => FormatVersions.V2021,
        _ => throw new FormatException($"Unknown format version '{name}'."),
    };

    /// <summary>The format a report year uses when its values do not tell (2021 format from 2021 on).</summary>
    public static FormatVersions DefaultForYear(int year) => year >= 2021 ? FormatVersions.V2021 : FormatVersions.V2019;
}
