namespace Analytics.Core.Storage;

/// <summary>Which agencies and years a dashboard view covers. Empty lists and nulls mean "all".</summary>
public sealed record AgencyFilter
{
    public string? Region { get; init; }
    public string? Level { get; init; }
    public IReadOnlyList<string> Agencies { get; init; } = [];
    public int? FromYear { get; init; }
    public int? ToYear { get; init; }
}

/// <summary>An agency with how many years of reports it has.</summary>
public sealed record AgencyRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string? Code { get; init; }
    public string? Region { get; init; }
    public string? Level { get; init; }
    public long Reports { get; init; }
    public long? FirstYear { get; init; }
    public long? LastYear { get; init; }
}

/// <summary>A metric summed over the filtered agencies for one year, and how many agencies reported it.</summary>
public sealed record YearTotal
{
    public long Year { get; init; }
    public string Metric { get; init; } = "";
    public double Total { get; init; }
    public long Agencies { get; init; }
}

/// <summary>One agency's number for one metric and year.</summary>
public sealed record AgencyValue
{
    public string Agency { get; init; } = "";
    public string? Level { get; init; }
    public string? Region { get; init; }
    public long Year { get; init; }
    public string Metric { get; init; } = "";
    public double Value { get; init; }
}

/// <summary>A current cell of one agency, with its state and printed text.</summary>
public sealed record AgencyCell
{
    public long Year { get; init; }
    public string Metric { get; init; } = "";
    public long State { get; init; }
    public double? Value { get; init; }
    /// <summary>The text as written; null when it was the plain number itself.</summary>
    public string? Raw { get; init; }
    public string? FormatVersion { get; init; }
}

/// <summary>Whether an agency has a report for a year, and how many findings it carries.</summary>
public sealed record CoverageCell
{
    public string Agency { get; init; } = "";
    public long Year { get; init; }
    public long Errors { get; init; }
    public long Warnings { get; init; }
}

/// <summary>An indicator's numerator and denominator summed by year over the agency-years that reported every input.</summary>
public sealed record IndicatorTotal
{
    public long Year { get; init; }
    public string Indicator { get; init; } = "";
    public double Numerator { get; init; }
    public double Denominator { get; init; }
    public long Agencies { get; init; }

    /// <summary>The pooled rate; null (NA, never 0) when the denominator is 0.</summary>
    public double? Rate => Denominator == 0 ? null : Numerator / Denominator;
}

/// <summary>One page of the coverage grid and how many agencies the whole grid has.</summary>
public sealed record CoveragePage(int Agencies, IReadOnlyList<CoverageCell> Cells);
