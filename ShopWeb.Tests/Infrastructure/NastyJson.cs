using System.Text;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>The API fuzz test's corpus besides <see cref="NastyValues"/>: JSON of the wrong type or shape, broken bodies, wrong content types.</summary>
public static class NastyJson
{
    private const int Depth = 10_000;
    private const int Items = 100_000;

    /// <summary>A nasty value as a JSON string, its bytes as they are: only the quote, the backslash and control characters escaped (invalid UTF-8 stays invalid).</summary>
    public static byte[] String(NastyValue value)
    {
        var json = new List<byte>(value.Bytes.Length + 2) { (byte)'"' };
        foreach (var b in value.Bytes)
        {
            if (b is (byte)'"' or (byte)'\\')
            {
                json.AddRange([(byte)'\\', b]);
            }
            else if (b < 0x20)
            {
                json.AddRange(Encoding.ASCII.GetBytes($"\\u{b:x4}"));
            }
            else
            {
                json.Add(b);
            }
        }

        json.Add((byte)'"');
        return [.. json];
    }

    /// <summary>What goes in a field instead of its value: every JSON type, numbers no field holds, escapes, deep nesting, huge arrays.</summary>
    public static IReadOnlyList<NastyValue> InField { get; } =
    [
        Json("the number 1", "1"),
        Json("the number -1", "-1"),
        Json("the number 1.5", "1.5"),
        Json("the number 2147483648", "2147483648"),
        Json("the number -2147483649", "-2147483649"),
        Json("the number 1e309", "1e309"),
        Json("a 400-digit number", new string('9', 400)),
        Json("true", "true"),
        Json("false", "false"),
        Json("null", "null"),
        Json("an empty array", "[]"),
        Json("an empty object", "{}"),
        Json("an array of a string", "[\"a\"]"),
        Json("an escaped lone surrogate", "\"\\ud800\""),
        Json("an escaped NUL", "\"a\\u0000b\""),
        Json("a bad escape", "\"\\x41\""),
        Json($"{Items:N0}-item array", HugeArray()),
        Json($"{Depth:N0} nested arrays", new string('[', Depth) + new string(']', Depth)),
        Json($"{Depth:N0} nested objects", Nested()),
    ];

    /// <summary>Whole bodies that are no request at all.</summary>
    public static IReadOnlyList<NastyValue> Bodies { get; } =
    [
        Json("an empty body", ""),
        Json("null", "null"),
        Json("an array", "[]"),
        Json("a string", "\"x\""),
        Json("a number", "1"),
        Json("a truncated object", "{\"a\":"),
        Json("a trailing comma", "{\"a\":1,}"),
        Json("a comment", "/* x */ {}"),
        Json("single quotes", "{'a':1}"),
        Json("NaN", "{\"a\":NaN}"),
        Json("two documents", "{}{}"),
        new("a byte order mark and {}", [0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}']),
        new("UTF-16", Encoding.Unicode.GetBytes("{}")),
        new("invalid UTF-8", [(byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}']),
        Json($"{Items:N0}-item array", HugeArray()),
        Json($"{Depth:N0} nested arrays", new string('[', Depth) + new string(']', Depth)),
        Json($"{Depth:N0} nested objects", Nested()),
    ];

    /// <summary>A valid JSON body sent as something else, or with a content type no parser knows.</summary>
    public static IReadOnlyList<string?> ContentTypes { get; } =
    [
        null,
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=fuzz",
        "application/xml",
        "application/json; charset=utf-16",
        "application/json; charset=nonsense",
        "application/merge-patch+json",
        "*/*",
        "application/json;;;=",
        "ünïcode/json",
    ];

    private static NastyValue Json(string label, string json) => new(label, Encoding.UTF8.GetBytes(json));

    private static string HugeArray() => "[" + string.Join(',', Enumerable.Repeat("1", Items)) + "]";

    private static string Nested() => string.Concat(Enumerable.Repeat("{\"a\":", Depth)) + "1" + new string('}', Depth);
}
