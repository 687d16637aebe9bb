namespace Analytics.Core.Reading;

/// <summary>What the person loading a file may tell the readers.</summary>
public sealed record ReadOptions
{
    /// <summary>Forces a layout instead of recognising it.</summary>
    public Layout? Layout { get; init; }

    /// <summary>For reports whose title names no agency (or names it differently).</summary>
    public string? Agency { get; init; }

    /// <summary>For reports whose title names no year.</summary>
    public int? Year { get; init; }

    public int MinYear { get; init; } = 2008;

    /// <summary>Reports exist up to next year (a report is published early in the year after).</summary>
    public int MaxYear { get; init; } = DateTime.Now.Year + 1;
}
