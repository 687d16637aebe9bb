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
    public static double? Compute(this Definition d, Func<string, double?> value)
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
        return denominator == 0 ? null : numerator / denominator;
    }

    /// <summary>
    /// The indicator over many agency-years: numerators and denominators summed over the agency-years that have
    /// every input, so agencies that left a cell empty do not skew the ratio. Null when none has, or the sum is 0.
    /// </summary>
    public static double? Pooled(this Definition d, IEnumerable<IReadOnlyDictionary<string, double>> agencyYears)
    {
        double numerator = 0, denominator = 0;
        foreach (var values in agencyYears)
        {
            if (d.Numerator.All(values.ContainsKey) && d.Denominator.All(values.ContainsKey))
            {
                numerator += d.Numerator.Sum(code => values[code]);
                denominator += d.Denominator.Sum(code => values[code]);
            }
        }
        return denominator == 0 ? null : numerator / denominator;
    }
}
