using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Admin;
using ShopWeb.Catalog;
using ShopWeb.Catalog.Variants;
using ShopWeb.Data;
using ShopWeb.Infrastructure;

namespace ShopWeb.Pages.Admin.Products.Variants;

/// <summary>
/// The variant grid: SKU, price, stock, image and on-sale of a page of variants in one form, saved all or nothing by
/// <see cref="VariantGrid"/>. Paged, so a product with 2,048 variants stays quick to open and to save.
/// </summary>
// A page of 500 rows posts about 4,000 values, past the framework's 1,024-value default; an oversized image gets a
// message rather than a bare 413, as on the Edit page.
[RequestSizeLimit(12 * 1024 * 1024)]
[RequestFormLimits(ValueCountLimit = 10_000, MultipartBodyLengthLimit = 12 * 1024 * 1024)]
public sealed class IndexModel(ShopDbContext db, VariantGrid grid, ProductImages images, AdminAudit audit, Prices prices) : PageModel
{
    public static readonly int[] Sizes = [50, 100, 250, 500];

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public List<RowInput> Rows { get; set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    /// <summary>
    /// Only the variants this finds: each word the start of one of their option values or a part of their SKU, so that
    /// "M / Blue" or "TEE-M" finds a row among 2,048 without paging through them.
    /// </summary>
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Find { get; set; }

    public Product Product { get; private set; } = null!;

    /// <summary>The variants on this page as stored, by id: their names, and the values a row started from.</summary>
    public IReadOnlyDictionary<int, ProductVariant> Shown { get; private set; } = new Dictionary<int, ProductVariant>();

    public IReadOnlyList<string> ImageChoices { get; private set; } = [];

    public Dictionary<int, string> RowErrors { get; } = [];

    /// <summary>The inputs the row errors are about: marked invalid and described by their row's message.</summary>
    private readonly HashSet<(int Row, VariantField Field)> invalidFields = [];

    public bool IsInvalid(int row, VariantField field) => invalidFields.Contains((row, field));

    public int PageNumber { get; private set; } = 1;

    public int LastPage { get; private set; } = 1;

    public int Size { get; private set; } = 100;

    /// <summary>The variants <see cref="Find"/> found (all of them when it is blank).</summary>
    public int Total { get; private set; }

    public int AllVariants { get; private set; }

    private const int MaxWords = 6;

    public string ProductPrice => prices.ToText(Product.PriceMinor);

    public async Task<IActionResult> OnGetAsync(int id, [FromQuery(Name = "page")] string? pageNumber, [FromQuery] string? size)
    {
        if (!await LoadAsync(id, pageNumber, size))
        {
            return NotFound();
        }

        Version = Product.Version;
        Rows = [.. Shown.Values.OrderBy(v => v.Position).ThenBy(v => v.Id).Select(v => RowInput.From(v, prices))];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, [FromQuery(Name = "page")] string? pageNumber, [FromQuery] string? size)
    {
        if (!await LoadAsync(id, pageNumber, size))
        {
            return NotFound();
        }

        Rows = [.. Rows.Take(Sizes[^1])];
        if (!ModelState.IsValid)
        {
            ModelState.AddModelError(string.Empty, "The form came back with values it never offered. Nothing was saved: reload the page.");
            return await ShowPostedAsync();
        }

        var errors = await grid.SaveAsync(id, Version, [.. Rows.Select(r => r.ToRow())]);
        if (errors.Count == 0)
        {
            StatusMessage = $"{Rows.Count:N0} variants of {Product.Name} have been saved.";
            return Redirect(PageUrl(PageNumber));
        }

        foreach (var error in errors)
        {
            if (error.Row is { } row)
            {
                RowErrors[row] = RowErrors.TryGetValue(row, out var earlier) ? earlier + " " + error.Message : error.Message;
                if (error.Field is { } field)
                {
                    invalidFields.Add((row, field));
                }

                if (error.StockNow is { } now)
                {
                    // Saving again is then a deliberate choice over the count the admin has now been shown.
                    Rows[row].StockShown = now;
                }
            }
            else
            {
                ModelState.AddModelError(string.Empty, error.Message);
            }
        }

        if (RowErrors.Count > 0)
        {
            ModelState.AddModelError(string.Empty, $"Nothing was saved: {(RowErrors.Count == 1 ? "1 row needs" : $"{Paging.Number(RowErrors.Count)} rows need")} a look (marked below).");
        }

        return await ShowPostedAsync();
    }

    /// <summary>Stores an uploaded image, so that rows can choose it.</summary>
    public async Task<IActionResult> OnPostUploadAsync(int id, IFormFile? image, [FromQuery(Name = "page")] string? pageNumber, [FromQuery] string? size)
    {
        if (!await LoadAsync(id, pageNumber, size))
        {
            return NotFound();
        }

        var (url, error) = image is null ? (null, "Choose an image file.") : await images.StoreAsync(image);
        if (error is not null)
        {
            ModelState.AddModelError("image", error);
            Version = Product.Version;
            Rows = [.. Shown.Values.OrderBy(v => v.Position).ThenBy(v => v.Id).Select(v => RowInput.From(v, prices))];
            return Page();
        }

        // Every admin write is in the audit, a file added to the shop's images too (no row uses it yet).
        audit.Record("product.image.upload", "Product", Product.Id.ToString(CultureInfo.InvariantCulture), null, new { Image = url });
        await db.SaveChangesAsync();
        StatusMessage = $"Uploaded {url}: choose it in a row's Image field.";
        return Redirect(PageUrl(PageNumber));
    }

    public string PageUrl(int page) => SizeUrl(Size) + $"&page={page}";

    /// <summary>The first page of what is found, at another number of rows per page.</summary>
    public string SizeUrl(int size) => AllUrl(size) + (string.IsNullOrWhiteSpace(Find) ? "" : "&q=" + Uri.EscapeDataString(Find.Trim()));

    /// <summary>Every variant, nothing left out by <see cref="Find"/>.</summary>
    public string AllUrl(int size) => $"/admin/products/{Product.Id}/variants?size={size}";

    private async Task<PageResult> ShowPostedAsync()
    {
        var ids = Rows.Select(r => r.Id).ToList();
        Shown = await db.ProductVariants.AsNoTracking().Where(v => v.ProductId == Product.Id && ids.Contains(v.Id)).ToDictionaryAsync(v => v.Id);
        return Page();
    }

    private async Task<bool> LoadAsync(int id, string? pageNumber, string? size)
    {
        if (await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id) is not { } product)
        {
            return false;
        }

        Product = product;
        Size = int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && Sizes.Contains(s) ? s : 100;
        var variants = db.ProductVariants.AsNoTracking().Where(v => v.ProductId == id);
        AllVariants = await variants.CountAsync();
        foreach (var word in (Find ?? "").Split([' ', '/'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(MaxWords))
        {
            // Lower-cased on both sides: PostgreSQL's LIKE heeds case and SQLite's does not.
            var lower = word.ToLowerInvariant()[..Math.Min(word.Length, 100)];
            var start = LikePattern.Containing(lower)[1..];
            var part = LikePattern.Containing(lower);
            variants = variants.Where(v => EF.Functions.Like(v.Sku.ToLower(), part, LikePattern.Escape)
                || EF.Functions.Like(v.Option1!.ToLower(), start, LikePattern.Escape)
                || EF.Functions.Like(v.Option2!.ToLower(), start, LikePattern.Escape)
                || EF.Functions.Like(v.Option3!.ToLower(), start, LikePattern.Escape));
        }

        Total = string.IsNullOrWhiteSpace(Find) ? AllVariants : await variants.CountAsync();
        LastPage = Paging.LastPage(Total, Size);
        PageNumber = Paging.Page(pageNumber, LastPage);
        Shown = await variants.OrderBy(v => v.Position).ThenBy(v => v.Id).Skip((PageNumber - 1) * Size).Take(Size).ToDictionaryAsync(v => v.Id);
        ImageChoices = await grid.ImageChoicesAsync(id);
        return true;
    }

    public sealed class RowInput
    {
        public int Id { get; set; }

        public string? Sku { get; set; }

        /// <summary>Blank: the product's price.</summary>
        public string? Price { get; set; }

        public string? Stock { get; set; }

        /// <summary>The stock this form showed: the save sets a changed stock only if it is still this.</summary>
        public int StockShown { get; set; }

        /// <summary>Blank: the product's image.</summary>
        public string? Image { get; set; }

        public bool OnSale { get; set; }

        public bool Delete { get; set; }

        public static RowInput From(ProductVariant v, Prices prices) => new()
        {
            Id = v.Id,
            Sku = v.Sku,
            Price = v.PriceMinor is { } price ? prices.ToText(price) : null,
            Stock = v.Stock.ToString(CultureInfo.InvariantCulture),
            StockShown = v.Stock,
            Image = v.ImagePath,
            OnSale = v.IsOnSale,
        };

        public VariantRow ToRow() => new(Id, Sku, Price,
            int.TryParse(Stock?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var stock) ? stock : null, StockShown, Image, OnSale, Delete);
    }
}
