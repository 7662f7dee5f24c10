using System.Buffers;
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
            .SelectMany(t => new[] { t.Key, Uri.EscapeDataString(t.Key), WebUtility.UrlEncode(t.Key) }.Distinct().Select(form => (Form: form, Kind: t.Value, Value: t.Key)))
            .ToList();

        // A whole E2E run exports hundreds of megabytes, mostly the same strings again: each distinct string is read
        // once, and one multi-string search (SearchValues) finds whether any typed value is in it before asking which.
        var anyForm = SearchValues.Create([.. forms.Select(f => f.Form).Distinct()], StringComparison.OrdinalIgnoreCase);
        var read = new HashSet<OtlpStrings.Exported>();
        var inFields = new HashSet<string>(StringComparer.Ordinal);
        var findings = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, body) in receiver.Received)
        {
            foreach (var s in OtlpStrings.Of(path, body).Where(read.Add))
            {
                foreach (var (form, kind, value) in s.Text.AsSpan().ContainsAny(anyForm) ? forms.Where(f => s.Text.Contains(f.Form, StringComparison.OrdinalIgnoreCase)) : [])
                {
                    inFields.Add(form);
                    findings.Add($"{s.Signal} {s.Field}: {kind} ({Redacted(value)})");
                }

                findings.UnionWith(EmailShaped().Matches(s.Text).Select(m => $"{s.Signal} {s.Field}: something shaped like an email address ({Redacted(m.Value)})"));
            }
        }

        // The raw bodies once more, for a typed value in a field OtlpStrings does not read.
        foreach (var (path, body) in receiver.Received)
        {
            var text = Encoding.UTF8.GetString(body);
            if (text.AsSpan().ContainsAny(anyForm))
            {
                findings.UnionWith(forms.Where(f => !inFields.Contains(f.Form) && text.Contains(f.Form, StringComparison.OrdinalIgnoreCase))
                    .Select(f => $"{path}, outside the fields read: {f.Kind} ({Redacted(f.Value)})"));
            }
        }

        return [.. findings.Order(StringComparer.Ordinal)];
    }

    /// <summary>Its first two characters: enough to tell which value leaked, not enough to be it.</summary>
    public static string Redacted(string value) => $"{value[..Math.Min(2, value.Length)]}…, {value.Length} characters";

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+(@|%40)[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex EmailShaped();
}
