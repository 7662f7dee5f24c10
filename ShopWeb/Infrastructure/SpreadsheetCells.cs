namespace ShopWeb.Infrastructure;

/// <summary>
/// Formula injection, the one rule for every CSV the shop writes or reads (the orders export, the catalog CSV): a
/// spreadsheet runs a cell that starts with =, +, - or @ as a formula, so such text is written with a leading
/// apostrophe (shown as text, not run) and refused where a file gives it as text. OWASP's list: also a tab or a carriage
/// return first, and those four after leading spaces, which some spreadsheets and every import that trims a cell skip.
/// </summary>
public static class SpreadsheetCells
{
    private const string FormulaStarts = "=+-@";

    public static bool LooksLikeFormula(string value) =>
        value.Length > 0 && (value[0] is '\t' or '\r' || FormulaStarts.Contains(FormulaStart(value) ?? ' ', StringComparison.Ordinal));

    /// <summary>The character a spreadsheet reads first: the first after any leading white space, if any.</summary>
    public static char? FormulaStart(string value) => value.AsSpan().TrimStart() is { Length: > 0 } start ? start[0] : null;

    /// <summary>The text as it is safe to write to a cell: "'=1+1" for "=1+1", anything else unchanged.</summary>
    public static string Defuse(string value) => LooksLikeFormula(value) ? "'" + value : value;

    /// <summary>Undoes <see cref="Defuse"/> on a cell read back: "'=1+1" is the text "=1+1".</summary>
    public static string Restore(string cell) => cell.Length > 1 && cell[0] == '\'' && LooksLikeFormula(cell[1..]) ? cell[1..] : cell;
}
