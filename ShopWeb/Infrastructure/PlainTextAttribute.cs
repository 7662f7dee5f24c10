using System.ComponentModel.DataAnnotations;

namespace ShopWeb.Infrastructure;

/// <summary>
/// One line of text a person types (a name, an address line, an option's value): no control characters (NUL, a bell,
/// a line break) and none of Unicode's bidirectional embeddings, overrides and isolates, which reorder whatever follows
/// them where the text is shown (a customer named "\u202E…" turns the rest of the admin's order line backwards). Every
/// script's letters, accents and the plain left-to-right and right-to-left marks stay allowed.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PlainTextAttribute() : ValidationAttribute(Message)
{
    public const string Message = "Remove the invisible control characters from this field.";

    public override bool IsValid(object? value) => value is not string text || Error(text) is null;

    /// <returns>Null when <paramref name="text"/> is plain, else why not: for rules not written as attributes.</returns>
    public static string? Error(string? text) => text is not null && text.Any(IsHidden) ? Message : null;

    private static bool IsHidden(char c) =>
        char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u2028' or '\u2029';
}
