using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ShopWeb.Catalog;

/// <summary>The shape of the URL names of products and categories: lower-case words joined by single hyphens.</summary>
public static partial class Slugs
{
    public const string Pattern = "^[a-z0-9]+(-[a-z0-9]+)*$";

    /// <summary>
    /// Text in that shape: "Bath Sheet, 250 g" is "bath-sheet-250-g", "Crème brûlée" is "creme-brulee" (accents taken
    /// off first; anything else outside a-z and digits becomes a hyphen).
    /// </summary>
    public static string From(string text) => NotSlug().Replace(WithoutAccents(text).ToLowerInvariant(), "-").Trim('-');

    private static string WithoutAccents(string text) =>
        string.Concat(text.Normalize(NormalizationForm.FormD).Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark));

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();
}
