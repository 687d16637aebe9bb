using Analytics.Core.Catalog;
using Analytics.Core.Reading;

namespace Analytics.Core.Tests.Reading;

public class ValueParserTests
{
    [Theory]
    [InlineData("12", 12)]
    [InlineData(" 12 ", 12)]
    [InlineData("１２３", 123)]
    [InlineData("1 291", 1291)]
    [InlineData("1,291", 1291)]
    [InlineData("1，291", 1291)]
    [InlineData("0", 0)]
    [InlineData("12.0", 12)]
    [InlineData("\u3000７\u3000", 7)]
    public void ReadsCountsWrittenTheWaysClerksWriteThem(string text, int expected)
    {
        Assert.Null(ValueParser.TryParse(text, MetricKind.Count, out var value));
        Assert.Equal(CellState.Number, value.State);
        Assert.Equal(expected, value.Number);
        Assert.Equal(text, value.Raw);
    }

    [Theory]
    [InlineData("", CellState.NotReported)]
    [InlineData("   ", CellState.NotReported)]
    [InlineData("/", CellState.NotApplicable)]
    [InlineData("／", CellState.NotApplicable)]
    [InlineData("-", CellState.NotApplicable)]
    [InlineData("—", CellState.NotApplicable)]
    [InlineData("5500余", CellState.Text)]
    [InlineData("约300", CellState.Text)]
    public void KeepsEmptyNotApplicableAndApproximateApartFromZero(string text, CellState state)
    {
        Assert.Null(ValueParser.TryParse(text, MetricKind.Count, out var value));
        Assert.Equal(state, value.State);
        Assert.Null(value.Number);
    }

    [Theory]
    [InlineData("abc", MetricKind.Count, ErrorCode.NotANumber)]
    [InlineData(".", MetricKind.Count, ErrorCode.NotANumber)]
    [InlineData("-.", MetricKind.SignedCount, ErrorCode.NotANumber)]
    [InlineData("--5", MetricKind.SignedCount, ErrorCode.NotANumber)]
    [InlineData("12a", MetricKind.Count, ErrorCode.NotANumber)]
    [InlineData("1,29", MetricKind.Count, ErrorCode.NotANumber)]
    [InlineData("-3", MetricKind.Count, ErrorCode.NegativeCount)]
    [InlineData("2.5", MetricKind.Count, ErrorCode.FractionalCount)]
    [InlineData("2.5", MetricKind.SignedCount, ErrorCode.FractionalCount)]
    [InlineData("-0.5", MetricKind.Amount, ErrorCode.NegativeCount)]
    [InlineData("99999999999999999999", MetricKind.Count, ErrorCode.Overflow)]
    [InlineData("9999999999999999999999999999999999", MetricKind.Count, ErrorCode.Overflow)]
    public void RejectsWhatCannotBeTheMetricsValue(string text, MetricKind kind, ErrorCode expected)
    {
        Assert.Equal(expected, ValueParser.TryParse(text, kind, out _));
    }

    [Fact]
    public void AllowsNegativeChangeAndDecimalAmounts()
    {
        Assert.Null(ValueParser.TryParse("-3", MetricKind.SignedCount, out var change));
        Assert.Equal(-3m, change.Number);
        Assert.Null(ValueParser.TryParse("12.35", MetricKind.Amount, out var amount));
        Assert.Equal(12.35m, amount.Number);
    }
}
