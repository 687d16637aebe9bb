using System.Globalization;
using Analytics.Core.Storage;
using Microsoft.AspNetCore.Components;

namespace Analytics.Dashboard.Views;

/// <summary>Filter state as query-string parameters, so every view is a shareable link.</summary>
public static class FilterQuery
{
    public static string Uri(NavigationManager navigation, AgencyFilter filter, params (string Name, string? Value)[] extra)
    {
        var parameters = new Dictionary<string, object?>
        {
            ["region"] = filter.Region,
            ["level"] = filter.Level,
            ["agency"] = filter.Agencies.Count == 0 ? null : filter.Agencies.ToArray(),
            ["from"] = filter.FromYear?.ToString(CultureInfo.InvariantCulture),
            ["to"] = filter.ToYear?.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in extra)
        {
            parameters[name] = value;
        }
        return navigation.GetUriWithQueryParameters(parameters);
    }
}
