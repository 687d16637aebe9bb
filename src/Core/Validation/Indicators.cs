namespace Analytics.Core.Validation;

/// <summary>
/// The derived indicators oversight offices use (spec §5). Each is a ratio of sums, NA (null), not 0, when the
/// denominator is 0 or a part is missing.
/// </summary>
public static class Indicators
{
    public sealed record Definition(string Code, string LabelZh, string LabelEn, IReadOnlyList<string> Numerator, IReadOnlyList<string> Denominator);

    public static readonly Definition DisclosureRate = new("ind.disclosure_rate", "公开率", "Disclosure rate",
        ["t3.granted.total", "t3.partially_granted.total"], ["t3.results_total.total"]);

    public static readonly Definition ReviewCorrectionRate = new("ind.review_correction_rate", "复议纠错率", "Reconsideration correction rate",
        ["t4.review.corrected"], ["t4.review.upheld", "t4.review.corrected", "t4.review.other"]);

    public static readonly Definition LitigationCorrectionRate = new("ind.litigation_correction_rate", "诉讼纠错率", "Litigation correction rate",
        ["t4.lit_direct.corrected", "t4.lit_after_review.corrected"],
        ["t4.lit_direct.upheld", "t4.lit_direct.corrected", "t4.lit_direct.other", "t4.lit_after_review.upheld", "t4.lit_after_review.corrected", "t4.lit_after_review.other"]);

    public static readonly Definition BacklogRatio = new("ind.backlog_ratio", "结转率", "Backlog ratio",
        ["t3.carried_forward.total"], ["t3.new_received.total", "t3.carried_over.total"]);

    public static readonly IReadOnlyList<Definition> All = [DisclosureRate, ReviewCorrectionRate, LitigationCorrectionRate, BacklogRatio];

    /// <summary>Every metric code some indicator reads.</summary>
    public static IEnumerable<string> Inputs(this Definition d) => d.Numerator.Concat(d.Denominator).Distinct();

    public static Definition? Find(string code) => All.FirstOrDefault(d => d.Code == code);

    /// <summary>The indicator from summed values; null when the denominator is 0 or any input is missing.</summary>
    public static double? Compute(this Definition d, Func<string, double?> value) =>
        d.Parts(value) is { Denominator: not 0 } parts ? parts.Numerator / parts.Denominator : null;

    /// <summary>
    /// Numerator and denominator, or null when any input is missing. Rates over many agencies add these up over
    /// the agency-years that have them, so an agency that left a cell empty does not skew the ratio.
    /// </summary>
    public static (double Numerator, double Denominator)? Parts(this Definition d, Func<string, double?> value)
    {
        double numerator = 0, denominator = 0;
        foreach (var code in d.Numerator)
        {
            if (value(code) is not { } v)
            {
                return null;
            }
            numerator += v;
        }
        foreach (var code in d.Denominator)
        {
            if (value(code) is not { } v)
            {
                return null;
            }
            denominator += v;
        }
        return (numerator, denominator);
    }
}
