using Microsoft.Data.Sqlite;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>A store file read or arranged from outside the shop, through a connection of its own that no pool keeps open.</summary>
internal static class SqliteFile
{
    public static async Task<List<T>> QueryAsync<T>(string path, string sql, Func<SqliteDataReader, T> read)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public static async Task ExecuteAsync(string path, string sql, bool create = false)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode={(create ? "ReadWriteCreate" : "ReadWrite")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every order in the store with its lines (product name and quantity).</summary>
    public static async Task<Dictionary<string, Dictionary<string, int>>> OrdersAsync(string path)
    {
        var rows = await QueryAsync(path,
            "SELECT o.Number, l.ProductName, l.Quantity FROM Orders o LEFT JOIN OrderLines l ON l.OrderId = o.Id",
            r => (Number: r.GetString(0), Product: r.IsDBNull(1) ? null : r.GetString(1), Quantity: r.IsDBNull(2) ? 0 : r.GetInt32(2)));
        return rows.GroupBy(r => r.Number).ToDictionary(
            order => order.Key,
            order => order.Where(l => l.Product is not null).ToDictionary(l => l.Product!, l => l.Quantity));
    }
}
