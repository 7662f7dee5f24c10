using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using ShopWeb.Catalog.Variants;
using ShopWeb.Data;
using ShopWeb.Infrastructure;
using static ShopWeb.Catalog.Csv.CatalogCsvColumns;

namespace ShopWeb.Catalog.Csv;

/// <summary>
/// Reads the catalog CSV into rows, checking each cell on its own (prices in the shop's notation, counts, switches,
/// formula cells, lengths): what needs the store (categories, SKUs, products) is checked by <see cref="CatalogCsvImport"/>.
/// </summary>
public sealed partial class CatalogCsvReader(Prices prices)
{
    /// <summary>A file this bad is not worth reading to the end: the first ones say what is wrong.</summary>
    public const int MaxProblems = 1000;

    /// <summary>
    /// The most a catalog file may hold: room for 100,000 variants with long descriptions. The admin's upload stops at
    /// it, and so does the command's reading (a pipe or a device that never ends is not read, or kept, past it).
    /// </summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    /// <summary>The longest line read (a quoted cell can hold line breaks): far past any cell the catalog keeps.</summary>
    private const int MaxLineChars = 1024 * 1024;

    /// <summary>The highest place a variant may be given in its product's list.</summary>
    public const int MaxPosition = 1_000_000;

    public async Task<(List<CatalogCsvRow> Rows, List<CatalogCsvProblem> Problems)> ReadAsync(Stream file)
    {
        if (!file.CanSeek)
        {
            // A pipe (the command given /dev/stdin) cannot be read twice: kept in a file of its own for as long as it
            // is read, so that its bytes are checked as a file's are before any of them is decoded.
            await using var copy = new FileStream(
                Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await CopyAtMostAsync(file, copy, MaxBytes + 1L); // one byte past the limit is enough to say it is too large
            copy.Position = 0;
            return await ReadAsync(copy);
        }

        var rows = new List<CatalogCsvRow>();
        var problems = new List<CatalogCsvProblem>();
        if (await BytesProblemAsync(file) is { } unreadable)
        {
            problems.Add(unreadable);
            return (rows, problems);
        }

        var options = new CsvReaderOptions { Separator = ',', TrackLineNumbers = true, MalformedData = CsvMalformedDataHandling.Throw, MaxRecordSize = MaxLineChars };
        await using var csv = CsvReader.Create(file, options, leaveOpen: true);
        try
        {
            await csv.ReadHeaderAsync();
            var header = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToArray();
            if (header.All(string.IsNullOrEmpty))
            {
                problems.Add(new(1, "", "the file is empty: its first line names the columns."));
                return (rows, problems);
            }

            var columns = Columns(header, problems);
            if (problems.Count > 0)
            {
                return (rows, problems); // with the columns wrong, the lines cannot be read
            }

            // A line as a spreadsheet numbers its rows: the text's line, less the line breaks inside quoted cells
            // before it (a description of three lines is one row there, as in the shop).
            var breaksInCells = 0;
            while (problems.Count < MaxProblems && await csv.ReadAsync())
            {
                var line = (int)csv.LineNumber - breaksInCells;
                var record = new string[csv.FieldCount];
                for (var i = 0; i < record.Length; i++)
                {
                    record[i] = csv.GetString(i);
                    breaksInCells += LineBreaks(record[i]);
                }

                if (record.Length != header.Length)
                {
                    problems.Add(new(line, "", $"the line has {record.Length} cells where the first line names {header.Length} columns."));
                }
                else if (new RowReader(line, record, columns, prices, problems).Read() is { } row)
                {
                    rows.Add(row);
                }
            }
        }
        catch (CsvFormatException ex) when (ex.Message.Contains(nameof(CsvReaderOptions.MaxRecordSize), StringComparison.Ordinal)
            || ex.Message.Contains("too large", StringComparison.OrdinalIgnoreCase))
        {
            // CsvHelper says so only in its message: a line past the limit is no malformed quoting, and must not be called that.
            problems.Add(new((int)Math.Max(1, ex.LineNumber), "", $"the line is longer than {MaxLineChars / 1024 / 1024} MB of text: no cell of the catalog is that long (is a closing quote missing?)."));
        }
        catch (CsvFormatException ex)
        {
            problems.Add(new((int)Math.Max(1, ex.LineNumber), "", "the file is not valid CSV from this line: a cell with a quote, comma or line break is quoted, and a quote inside it written twice."));
        }

        return (rows, problems);
    }

    private static int LineBreaks(string cell) => cell.AsSpan().Count('\n');

    /// <summary>
    /// What is wrong with the file's bytes before any is decoded, with its line: more than <see cref="MaxBytes"/>
    /// (the length a device or /proc file gives is not believed: the bytes are counted), or bytes that are not UTF-8
    /// (a file saved as Latin-1 or Windows-1252: "Café" as 43 61 66 E9), which the reader would otherwise turn into
    /// U+FFFD and store. Null when the file is UTF-8 and small enough.
    /// </summary>
    private static async Task<CatalogCsvProblem?> BytesProblemAsync(Stream file)
    {
        var start = file.Position;
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[64 * 1024];
        var chars = new char[bytes.Length + 4];
        var line = 1;
        var total = 0L;
        try
        {
            int read;
            while ((read = await file.ReadAsync(bytes)) > 0)
            {
                if ((total += read) > MaxBytes)
                {
                    var within = read - (int)(total - MaxBytes);
                    return new(line + bytes.AsSpan(0, within).Count((byte)'\n'), "",
                        $"the file is larger than {MaxBytes / 1024 / 1024} MB from this line: split it in parts.");
                }

                try
                {
                    decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
                }
                catch (DecoderFallbackException ex)
                {
                    return new(line + bytes.AsSpan(0, Math.Clamp(ex.Index, 0, read)).Count((byte)'\n'), "",
                        "the file is not UTF-8 text from this line (a spreadsheet's \"CSV UTF-8\" saves it so): its letters would be read wrong.");
                }

                line += bytes.AsSpan(0, read).Count((byte)'\n');
            }

            return null;
        }
        finally
        {
            file.Position = start;
        }
    }

    private static async Task CopyAtMostAsync(Stream from, Stream to, long most)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while (most > 0 && (read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, most)))) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read));
            most -= read;
        }
    }

    private static Dictionary<string, int> Columns(string[] header, List<CatalogCsvProblem> problems)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            if (!All.Contains(header[i]))
            {
                problems.Add(new(1, header[i], $"unknown column: the columns are {string.Join(", ", All)}."));
            }
            else if (!columns.TryAdd(header[i], i))
            {
                problems.Add(new(1, header[i], "the column is named twice."));
            }
        }

        problems.AddRange(Required.Where(c => !columns.ContainsKey(c)).Select(c => new CatalogCsvProblem(1, c, "this column is missing.")));
        return columns;
    }

    [GeneratedRegex(Slugs.Pattern)]
    private static partial Regex Slug();

    /// <summary>One line's cells, read by column name, each problem added with the line and column.</summary>
    private sealed class RowReader(int line, string[] record, Dictionary<string, int> columns, Prices prices, List<CatalogCsvProblem> problems)
    {
        private bool failed;

        public CatalogCsvRow? Read()
        {
            var sku = Text(Sku, ProductVariant.SkuMaxLength, VariantRules.SkuError);
            var slug = Text(ProductSlug, 200, s => Slug().IsMatch(s) ? null : "use lower-case letters, digits and single hyphens, such as blue-mug.");
            var name = Text(ProductName, 200, s => string.IsNullOrWhiteSpace(s) ? "enter the product's name." : PlainTextAttribute.Error(s));
            // Any text: whether a category has it as its slug is the store's to say (CatalogCsvProductChange).
            var category = Text(CatalogCsvColumns.Category, 100, s => string.IsNullOrWhiteSpace(s) ? "name the category by its slug, such as kitchen." : null);
            var price = Price(ProductPrice, blankAllowed: false);
            var names = new string?[ProductOption.MaxPerProduct];
            var values = new string?[ProductOption.MaxPerProduct];
            for (var i = 0; i < ProductOption.MaxPerProduct; i++)
            {
                // Trimmed, as the Options page keeps them: "Natural " is the value Natural.
                names[i] = Blank(Text(OptionName(i), ProductOption.NameMaxLength, VariantRules.OptionNameError, blankAllowed: true))?.Trim();
                values[i] = Blank(Text(OptionValue(i), ProductOption.ValueMaxLength, VariantRules.OptionValueError, blankAllowed: true))?.Trim();
                if ((names[i] is null) != (values[i] is null) && !failed)
                {
                    Fail(names[i] is null ? OptionName(i) : OptionValue(i), "an option needs both its name and this variant's value.");
                }
                else if (names[i] is not null && i > 0 && Blank(Cell(OptionName(i - 1))) is null)
                {
                    Fail(OptionName(i - 1), $"fill the options in order: {OptionName(i)} is given without this one.");
                }
                else if (names[i] is { } given && Array.FindIndex(names, 0, i, n => VariantRules.SameOptionName(n, given)) is >= 0 and var same)
                {
                    // As on the product's Options page (OptionChanges): two options of one name would ask "Size" twice.
                    Fail(OptionName(i), $"{OptionName(same)} is already called {given.Trim()}: give each option its own name.");
                }
            }

            var row = new CatalogCsvRow
            {
                Line = line,
                Sku = sku is null ? "" : VariantRules.CanonicalSku(sku),
                Slug = slug ?? "",
                Name = name ?? "",
                CategorySlug = category ?? "",
                PriceMinor = price ?? 0,
                Description = Text(Description, 4000, null, blankAllowed: true),
                ProductImage = Blank(Text(ProductImage, 300, ImageError, blankAllowed: true)),
                Published = Switch(Published),
                OptionNames = names,
                OptionValues = values,
                HasVariantPrice = columns.ContainsKey(VariantPrice),
                VariantPriceMinor = Price(VariantPrice, blankAllowed: true),
                Stock = StockCount(),
                Image = Text(Image, 300, ImageError, blankAllowed: true),
                OnSale = Switch(OnSale),
                Position = Cell(Position) is { Length: > 0 } ? PositionNumber() : null,
            };
            return failed ? null : row;
        }

        private string? Cell(string column) => columns.TryGetValue(column, out var i) ? record[i] : null;

        private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

        /// <summary>A text cell: a formula is refused; the export's defused form ('=…) is the text after the apostrophe.</summary>
        private string? Text(string column, int maxLength, Func<string, string?>? rule, bool blankAllowed = false)
        {
            if (Cell(column) is not { } cell)
            {
                return null;
            }

            if (SpreadsheetCells.LooksLikeFormula(cell))
            {
                return SpreadsheetCells.FormulaStart(cell) is { } first && !char.IsWhiteSpace(cell[0])
                    ? Fail(column, $"the cell starts with {first}, which a spreadsheet runs as a formula: write '{first}… to mean the text.")
                    : Fail(column, "the cell starts with white space before =, +, - or @, or with a tab or line break, which a spreadsheet may run as a formula: remove it.");
            }

            var text = SpreadsheetCells.Restore(cell);
            if (blankAllowed && string.IsNullOrWhiteSpace(text))
            {
                return text;
            }

            return text.Length > maxLength ? Fail(column, $"use at most {maxLength} characters.")
                : rule?.Invoke(text) is { } error ? Fail(column, Lower(error))
                : text;
        }

        private long? Price(string column, bool blankAllowed)
        {
            if (Cell(column) is not { } cell || (blankAllowed && string.IsNullOrWhiteSpace(cell)))
            {
                return null;
            }

            return prices.Read(cell, out var minor) is { } error ? Fail<long>(column, Lower(error)) : minor;
        }

        private int? Count(string column, string what)
        {
            if (Cell(column) is not { } cell)
            {
                return null;
            }

            return int.TryParse(cell.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                : Fail<int>(column, $"enter {what} as a whole number of 0 or more.");
        }

        /// <summary>As the grid and the product form take it (a larger one would overflow a product's total).</summary>
        private int? StockCount()
        {
            var stock = Count(Stock, "the stock");
            return stock is not null && VariantRules.StockError(stock) is { } error ? Fail<int>(Stock, Lower(error)) : stock;
        }

        // Room to spare for 2,048 variants, and the variants added after it still count on from it without overflowing.
        private int? PositionNumber()
        {
            var position = Count(Position, "the position");
            return position > MaxPosition ? Fail<int>(Position, "enter the position as a whole number from 0 to 1,000,000.") : position;
        }

        private bool? Switch(string column) => Cell(column)?.Trim().ToLowerInvariant() switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => Fail<bool>(column, "enter true or false."),
        };

        // A path on the shop, never one that climbs out of its folder (/../ or an escaped dot) or leaves it.
        private static string? ImageError(string path) =>
            path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal) && !path.Split('/').Any(segment => segment is "." or "..")
            && !path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or '\'' or '<' or '>' or '\\' or '%')
                ? null : "give an image's path on the shop, such as /images/products/mug.svg (blank for the product's).";

        // "Enter a price" reads "enter a price" after the column's name; "JPY has no decimals" stays as it is.
        private static string Lower(string message) => message.Length > 1 && char.IsLower(message[1]) ? char.ToLowerInvariant(message[0]) + message[1..] : message;

        private string? Fail(string column, string message)
        {
            failed = true;
            problems.Add(new(line, column, message));
            return null;
        }

        private T? Fail<T>(string column, string message)
            where T : struct
        {
            Fail(column, message);
            return null;
        }
    }
}
