namespace Analytics.Core.Reading;

/// <summary>What a cell says (spec §4): a number, nothing, "not applicable", or text. Stored as an integer.</summary>
public enum CellState
{
    Number = 0,
    NotReported = 1,
    NotApplicable = 2,
    Text = 3,
}

/// <summary>A parsed cell: its state, its number when it has one, and the text it was read from.</summary>
public readonly record struct CellValue(CellState State, decimal? Number, string Raw)
{
    public static CellValue NotReported(string raw) => new(CellState.NotReported, null, raw);

    /// <summary>Two cells say the same thing when state and number agree, whatever the spelling.</summary>
    public bool SameAs(CellValue other) =>
        State == other.State && Number == other.Number && (State != CellState.Text || Raw == other.Raw);
}
