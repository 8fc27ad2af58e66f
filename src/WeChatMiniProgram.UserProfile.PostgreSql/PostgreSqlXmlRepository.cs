using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace WeChatMiniProgram.UserProfile.PostgreSql;

/// <summary>
/// The app's Data Protection key ring in PostgreSQL (one row per key), so every instance that reaches the database
/// shares it with no more set-up than the connection string: session tokens, avatar links, sessions and profiles open on all.
/// </summary>
internal sealed class PostgreSqlXmlRepository(NpgsqlDataSource dataSource, PostgreSqlSchema schema, string table) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        schema.Ensure();
        using var select = dataSource.CreateCommand($"SELECT xml FROM {table} ORDER BY stored_at");
        using var reader = select.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        schema.Ensure();
        using var insert = dataSource.CreateCommand($"INSERT INTO {table} (friendly_name, xml) VALUES ($1, $2)");
        insert.Parameters.Add(new NpgsqlParameter { Value = friendlyName });
        insert.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        insert.ExecuteNonQuery();
    }
}
