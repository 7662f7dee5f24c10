using System.Text.Json;

namespace ShopWeb.Admin;

/// <summary>
/// One field an audit entry changed, as the audit log shows it: "price: €69.90 → €72.00" rather than the two whole
/// records the entry keeps (which the page still offers). A list of records, such as a product's variants, is matched
/// by id, and each record is named by its SKU or name.
/// </summary>
public sealed record AuditChange(string Field, string? Before, string After)
{
    /// <summary>What stands for a value that was not there (a record created or deleted, a field that was empty).</summary>
    public const string Nothing = "—";

    private const int LongestValue = 80;

    /// <summary>A record's lost-update counter: it changes with every save and says nothing an admin needs.</summary>
    private const string LostUpdateCounter = "version";

    /// <summary>The fields that differ between <paramref name="before"/> and <paramref name="after"/> (JSON as kept).</summary>
    /// <param name="currency">The shop's currency, for amounts in a record that names none of its own.</param>
    public static IReadOnlyList<AuditChange> Of(string? before, string? after, string currency)
    {
        try
        {
            using var old = before is null ? null : JsonDocument.Parse(before);
            using var now = after is null ? null : JsonDocument.Parse(after);
            var changes = new List<AuditChange>();
            Compare("", old?.RootElement, now?.RootElement, currency, changes);
            return changes;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return [new AuditChange("record", Shorten(before ?? Nothing), Shorten(after ?? Nothing))]; // an entry written by hand
        }
    }

    private static void Compare(string field, JsonElement? before, JsonElement? after, string currency, List<AuditChange> changes)
    {
        if (Is(before, JsonValueKind.Object) && Is(after, JsonValueKind.Object))
        {
            // A record's amounts are in its own currency when it names one (an order), else in the shop's.
            var own = (Property(after, "currency") ?? Property(before, "currency")) is { ValueKind: JsonValueKind.String } named ? named.GetString()! : currency;
            foreach (var name in Names(after).Concat(Names(before)).Distinct(StringComparer.Ordinal).Where(n => n != LostUpdateCounter))
            {
                Compare(Join(field, name), Property(before, name), Property(after, name), own, changes);
            }

            return;
        }

        if (IsListOfRecords(before) && IsListOfRecords(after))
        {
            var olds = Records(before);
            var nows = Records(after);
            foreach (var id in nows.Keys.Concat(olds.Keys).Distinct(StringComparer.Ordinal))
            {
                var (old, now) = (olds.GetValueOrDefault(id), nows.GetValueOrDefault(id));
                var name = Join(field, NameOf(now.ValueKind == JsonValueKind.Undefined ? old : now, id));
                if (old.ValueKind == JsonValueKind.Undefined || now.ValueKind == JsonValueKind.Undefined)
                {
                    changes.Add(new(name, null, now.ValueKind == JsonValueKind.Undefined ? "deleted" : "added"));
                }
                else
                {
                    Compare(name, old, now, currency, changes);
                }
            }

            return;
        }

        if (Raw(before) == Raw(after))
        {
            return;
        }

        var money = field.EndsWith("Minor", StringComparison.Ordinal);
        changes.Add(new(Label(field, money), Text(before, money, currency), Text(after, money, currency)));
    }

    private static bool Is(JsonElement? element, JsonValueKind kind) => element is null || element.Value.ValueKind == kind || element.Value.ValueKind == JsonValueKind.Null;

    private static bool IsListOfRecords(JsonElement? element) =>
        Is(element, JsonValueKind.Array) && (element is not { ValueKind: JsonValueKind.Array } list
            || list.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("id", out _)));

    private static Dictionary<string, JsonElement> Records(JsonElement? list) =>
        list is { ValueKind: JsonValueKind.Array } records
            ? records.EnumerateArray().GroupBy(r => r.GetProperty("id").GetRawText()).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal)
            : [];

    private static string NameOf(JsonElement record, string id) =>
        record.TryGetProperty("sku", out var sku) && sku.ValueKind == JsonValueKind.String ? sku.GetString()!
        : record.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()!
        : "#" + id.Trim('"');

    private static IEnumerable<string> Names(JsonElement? record) =>
        record is { ValueKind: JsonValueKind.Object } r ? r.EnumerateObject().Select(p => p.Name) : [];

    private static JsonElement? Property(JsonElement? record, string name) =>
        record is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty(name, out var value) ? value : null;

    private static string Join(string field, string name) => field.Length == 0 ? name : $"{field} · {name}";

    private static string? Raw(JsonElement? value) => value is null || value.Value.ValueKind == JsonValueKind.Null ? null : value.Value.GetRawText();

    /// <summary>"priceMinor" as "price", "isPublished" as "published", "archivedAt" as "archived at", "sku" as "SKU".</summary>
    private static string Label(string field, bool money)
    {
        var cut = field.LastIndexOf(" · ", StringComparison.Ordinal);
        var (path, name) = cut < 0 ? ("", field) : (field[..(cut + 3)], field[(cut + 3)..]);
        if (money)
        {
            name = name[..^"Minor".Length];
        }

        if (name.StartsWith("is", StringComparison.Ordinal) && name.Length > 2 && char.IsUpper(name[2]))
        {
            name = name[2..];
        }

        var words = string.Concat(name.Select((ch, i) => i > 0 && char.IsUpper(ch) ? " " + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
        return path + (words == "sku" ? "SKU" : words);
    }

    private static string Text(JsonElement? value, bool money, string currency) => value switch
    {
        null or { ValueKind: JsonValueKind.Null } => Nothing,
        { ValueKind: JsonValueKind.Number } n when money && n.TryGetInt64(out var minor) => Catalog.Prices.Format(minor, currency),
        { ValueKind: JsonValueKind.String } s => s.GetString() is { Length: > 0 } text ? Shorten(text) : Nothing,
        { ValueKind: JsonValueKind.True } => "yes",
        { ValueKind: JsonValueKind.False } => "no",
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        { ValueKind: JsonValueKind.Array } a when a.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
            a.GetArrayLength() == 0 ? Nothing : Shorten(string.Join(", ", a.EnumerateArray().Select(e => e.GetString()))),
        { } other => Shorten(other.GetRawText()),
    };

    private static string Shorten(string text) =>
        text.Length <= LongestValue ? text : string.Concat(text.AsSpan(0, LongestValue - 1), "…");

    /// <summary>For the page: "price: €69.90 → €72.00", or "M / BLUE-SKU: added".</summary>
    public override string ToString() => Before is null ? $"{Field}: {After}" : $"{Field}: {Before} → {After}";
}
