using System.Resources;

[assembly: NeutralResourcesLanguage("zh-CN")]

namespace Analytics.Dashboard;

/// <summary>Marker for the UI strings in Resources/Strings.resx (Chinese, the default) and Strings.en.resx.</summary>
public sealed class Strings;
