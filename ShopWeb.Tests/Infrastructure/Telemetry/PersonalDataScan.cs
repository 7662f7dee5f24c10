using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace ShopWeb.Tests.Infrastructure.Telemetry;

/// <summary>
/// Looks for personal data in everything an <see cref="OtlpReceiver"/> received: each value a test typed (as typed and
/// URL-encoded) and anything shaped like an email address, in every string <see cref="OtlpStrings"/> reads, and the
/// typed values once more in each raw body, in case they sit in a field it does not read. A finding names the signal,
/// the field and the kind of data, and shows the value only redacted: the report itself must not spread it.
/// </summary>
public static partial class PersonalDataScan
{
    // Shorter values (a town such as "Lyon", a postal code) turn up in telemetry by chance, not by a leak.
    private const int ShortestValue = 6;

    public static List<string> Findings(OtlpReceiver receiver, IReadOnlyDictionary<string, string> typedByValue)
    {
        var forms = typedByValue.Where(t => t.Key.Length >= ShortestValue)
            .SelectMany(t => new[] { t.Key, Uri.EscapeDataString(t.Key), WebUtility.UrlEncode(t.Key) }.Distinct().Select(form => (Form: form, Kind: t.Value, t.Key)))
            .ToList();
        var findings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, body) in receiver.Received)
        {
            var strings = OtlpStrings.Of(path, body).ToList();
            foreach (var (form, kind, value) in forms)
            {
                var where = strings.Where(s => s.Text.Contains(form, StringComparison.OrdinalIgnoreCase)).ToList();
                findings.UnionWith(where.Select(s => $"{s.Signal} {s.Field}: {kind} ({Redacted(value)})"));
                if (where.Count == 0 && Encoding.UTF8.GetString(body).Contains(form, StringComparison.OrdinalIgnoreCase))
                {
                    findings.Add($"{path}, outside the fields read: {kind} ({Redacted(value)})");
                }
            }

            foreach (var s in strings)
            {
                findings.UnionWith(EmailShaped().Matches(s.Text).Select(m => $"{s.Signal} {s.Field}: something shaped like an email address ({Redacted(m.Value)})"));
            }
        }

        return [.. findings.Order(StringComparer.Ordinal)];
    }

    /// <summary>Its first two characters: enough to tell which value leaked, not enough to be it.</summary>
    public static string Redacted(string value) => $"{value[..Math.Min(2, value.Length)]}…, {value.Length} characters";

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+(@|%40)[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex EmailShaped();
}
