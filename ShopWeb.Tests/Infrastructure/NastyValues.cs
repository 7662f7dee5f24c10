using System.Text;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>One hostile input: a label for failure reports, and the exact bytes a client sends for it.</summary>
public sealed record NastyValue(string Label, byte[] Bytes)
{
    /// <summary>As sent in a query string or a url-encoded form: every byte but the unreserved ones as %XX.</summary>
    public string Percent()
    {
        var text = new StringBuilder(Bytes.Length * 3);
        foreach (var b in Bytes)
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    public override string ToString() => Label;
}

/// <summary>The corpus the fuzz test sends to every field and query parameter.</summary>
public static class NastyValues
{
    /// <summary>For a form field. The long non-ASCII value is over every length limit of the shop, and no longer: each of its
    /// characters comes back as a 7-character entity wherever the page shows the value again.</summary>
    public static IReadOnlyList<NastyValue> InForm { get; } = All(longAscii: 100_000, longArabic: 5_000);

    /// <summary>
    /// For a query string or a route: the long values are shorter, because Kestrel answers 414 to a request line
    /// over 8 KB, so nothing longer reaches the app in an address (an Arabic-Indic digit is 6 bytes percent-encoded).
    /// </summary>
    public static IReadOnlyList<NastyValue> InAddress { get; } = All(longAscii: 8_000, longArabic: 1_300);

    private static List<NastyValue> All(int longAscii, int longArabic) =>
    [
        Text("empty", ""),
        Text($"{longAscii:N0} characters", new string('a', longAscii)),
        Text($"{longArabic:N0} Arabic-Indic digits", new string('٣', longArabic)),
        Text("a space", " "),
        Text("tab and CR LF", "\t\r\n"),
        Text("-1", "-1"),
        Text("0", "0"),
        Text("-2147483649", "-2147483649"),
        Text("2147483648", "2147483648"),
        Text("9223372036854775808", "9223372036854775808"),
        Text("30 nines", new string('9', 30)),
        Text("1e309", "1e309"),
        Text("NaN", "NaN"),
        Text("Infinity", "Infinity"),
        Text("-0", "-0"),
        Text("0x1F", "0x1F"),
        Text("1,000.50", "1,000.50"),
        Text("Arabic-Indic digit ٣", "٣"),
        Text("Arabic-Indic 12.50", "١٢٫٥٠"),
        Text("mathematical digit 𝟘", "𝟘"),
        Text("full-width digits １２", "１２"),
        Text("NUL", "\0"),
        Text("NUL inside", "a\0b"),
        Text("the text %00", "%00"),
        Text("a lone %", "%"),
        Text("right-to-left override", "\u202Egnp.exe"),
        Text("emoji", "😀"),
        Text("family emoji (ZWJ sequence)", "👩‍👩‍👧‍👦"),
        Text("unpaired high surrogate", "\uD800"),
        Text("unpaired low surrogate", "x\uDC00"),
        new("invalid UTF-8 byte FF", [0xFF]),
        Text("maybe (a boolean)", "maybe"),
        Text("TRUE,false", "TRUE,false"),
        Text("9999-12-31", "9999-12-31"),
        Text("0001-01-01", "0001-01-01"),
        Text("2023-02-30", "2023-02-30"),
        Text("10000-01-01", "10000-01-01"),
        Text("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"),
        Text("SQL quote", "' OR '1'='1"),
        Text("SQL statement", "'; DROP TABLE Orders; --"),
        Text("LIKE wildcards", "%_[]\\"),
        Text("script tag", "<script>alert(1)</script>"),
        Text("attribute breakout", "\"><img src=x onerror=alert(1)>"),
        Text("javascript: URL", "javascript:alert(1)"),
        Text("protocol-relative URL", "//evil.example/"),
        Text("absolute URL", "https://evil.example/"),
        Text("backslash URL", "/\\evil.example"),
        Text("path traversal", "../../../etc/passwd"),
        Text("format string", "{0}%s%n"),
        Text("header injection", "x\r\nSet-Cookie: a=b"),
    ];

    private static NastyValue Text(string label, string text) => new(label, Wtf8(text));

    /// <summary>UTF-8, except that a lone surrogate is written as its own three bytes, as a careless client would.</summary>
    private static byte[] Wtf8(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text.Substring(i++, 2)));
            }
            else if (char.IsSurrogate(c))
            {
                bytes.AddRange([(byte)(0xE0 | (c >> 12)), (byte)(0x80 | ((c >> 6) & 0x3F)), (byte)(0x80 | (c & 0x3F))]);
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        return [.. bytes];
    }
}
