using Microsoft.Extensions.Localization;

namespace Analytics.Bench;

/// <summary>Labels are irrelevant to timings: every key stands for itself.</summary>
internal sealed class PlainStrings : IStringLocalizer<Analytics.Dashboard.Strings>
{
    public LocalizedString this[string name] => new(name, name);

    public LocalizedString this[string name, params object[] arguments] => new(name, string.Format(System.Globalization.CultureInfo.InvariantCulture, name, arguments));

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
}
