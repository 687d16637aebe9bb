using System.Xml.Linq;
using Analytics.Core.Storage;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Analytics.Dashboard.Security;

/// <summary>
/// Keeps ASP.NET Core's data-protection keys, which sign the sign-in cookies and antiforgery tokens, in the
/// PostgreSQL store's <c>data_protection_keys</c> table: every dashboard instance on that database then reads the
/// same keys, and a cookie one instance issued is good at the others.
/// </summary>
public sealed class DatabaseKeyRepository(AnalyticsDatabase database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.OpenRead();
        return connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY id").Select(xml => XElement.Parse(xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = database.OpenWrite();
        connection.Execute(
            "INSERT INTO data_protection_keys (friendly_name, xml) VALUES (@friendlyName, @xml)",
            new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
