using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace Analytics.Dashboard.Components.Shared;

/// <summary>
/// A component that redraws on events raised by the loader's threads. Those threads carry no user culture, so
/// the update runs under the culture this circuit was started with (the user's language choice).
/// </summary>
public abstract class LiveComponent : ComponentBase
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    /// <summary>Runs <paramref name="update"/> on the circuit in the user's culture, then re-renders.</summary>
    protected Task UpdateAsync(Action update) => InvokeAsync(() =>
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        update();
        StateHasChanged();
    });
}
