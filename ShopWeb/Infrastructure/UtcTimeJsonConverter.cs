using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShopWeb.Infrastructure;

/// <summary>
/// Writes every time in JSON as UTC with a "Z" (2026-12-06T22:40:15.328Z), the API's one convention: a
/// <see cref="DateTimeOffset"/> would otherwise come out as "+00:00" beside the orders' "Z". Reads any RFC 3339 time.
/// </summary>
public sealed class UtcTimeJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value.UtcDateTime);
}
