using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Admin;
using ShopWeb.Catalog;
using ShopWeb.Catalog.Variants;
using ShopWeb.Data;

namespace ShopWeb.Pages.Admin.Products;

/// <summary>
/// Creates (no id) or edits a product. The form carries the product's version: saving over a change someone else
/// made since the form was opened shows both versions instead of overwriting theirs.
/// </summary>
// Room for a file well over the 2 MB limit, so an oversized image gets a message rather than a bare 413.
[RequestSizeLimit(12 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 12 * 1024 * 1024)]
public sealed class EditModel(ShopDbContext db, AdminAudit audit, ProductImages images, CatalogCache catalogCache, Prices prices, TimeProvider clock) : PageModel
{
    [BindProperty]
    public ProductInput Input { get; set; } = new();

    [BindProperty]
    public IFormFile? Image { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public int? Id { get; private set; }

    public string? ImagePath { get; private set; }

    /// <summary>The product as someone else saved it, when this form was about to overwrite their change.</summary>
    public Product? Conflict { get; private set; }

    public IReadOnlyList<Category> Categories { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? id)
    {
        await LoadAsync(id);
        if (id is null)
        {
            return Page();
        }

        if (await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id) is not { } product)
        {
            return NotFound();
        }

        Input = ProductInput.From(product, prices);
        ImagePath = product.ImagePath;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id)
    {
        await LoadAsync(id);
        var product = id is null ? null : await db.Products.FirstOrDefaultAsync(p => p.Id == id);
        if (id is not null && product is null)
        {
            return NotFound();
        }

        ImagePath = product?.ImagePath;
        if (!Categories.Any(c => c.Id == Input.CategoryId))
        {
            ModelState.AddModelError("Input.CategoryId", "Choose a category.");
        }

        // The shop's decimal notation and exponent (¥ has none), never rounded: the rule the CSV import and API share.
        long priceMinor = 0;
        if (ModelState.GetValidationState("Input.Price") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid && prices.Read(Input.Price, out priceMinor) is { } priceError)
        {
            ModelState.AddModelError("Input.Price", priceError);
        }

        if (string.IsNullOrWhiteSpace(Input.Slug))
        {
            // A new product's address may be left blank: it is made from its name, as the hint under the field says.
            // Taken already (a second "Linen Shirt"): the next free one, linen-shirt-2, as the admin did not choose it.
            var made = Catalog.Slugs.From(Input.Name ?? "");
            made = made.Length <= 90 ? made : made[..90].TrimEnd('-');
            if (id is null && made.Length > 0)
            {
                Input.Slug = made;
                for (var n = 2; n < 100 && await db.Products.AnyAsync(p => p.Slug == Input.Slug); n++)
                {
                    Input.Slug = $"{made}-{n}";
                }
            }
            else if (id is not null || !string.IsNullOrWhiteSpace(Input.Name)) // no name: its own message says so
            {
                ModelState.AddModelError("Input.Slug", "Enter the address, such as blue-linen-shirt.");
            }
        }

        if (await db.Products.AnyAsync(p => p.Slug == Input.Slug && p.Id != id))
        {
            ModelState.AddModelError("Input.Slug", "Another product already has this address.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (product is not null && product.Version != Input.Version)
        {
            return ShowConflict(product);
        }

        string? imageUrl = null;
        if (Image is { Length: > 0 })
        {
            (imageUrl, var error) = await images.StoreAsync(Image);
            if (error is not null)
            {
                ModelState.AddModelError("Image", error);
                return Page();
            }
        }

        var before = product is null ? null : Snapshot(product);
        if (product is null)
        {
            product = new Product { Name = "", Slug = "", CreatedAt = clock.GetUtcNow() };
            db.Products.Add(product);
        }

        Input.ApplyTo(product, priceMinor);
        if (product.Variants.Count == 0 && before is null)
        {
            // A new product is sold as one variant until options are added to it. Its SKU is made from the address, as
            // the admin did not choose it: taken already (an import gave it to another product), the next free one.
            product.Variants.Add(new ProductVariant { Sku = await FreeSkuAsync(product.Slug), Stock = Input.Stock ?? 0 });
        }

        product.ImagePath = imageUrl ?? (string.IsNullOrEmpty(product.ImagePath) ? "/favicon.svg" : product.ImagePath);
        product.RefreshSearchText();
        product.Version++;

        // A new product has its id only once saved; the audit entry that names it commits with it.
        await using var transaction = await db.Database.BeginTransactionAsync();
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            // Saved by someone else between this request's read and its write.
            db.ChangeTracker.Clear();
            return ShowConflict((await db.Products.AsNoTracking().FirstAsync(p => p.Id == id)));
        }
        catch (DbUpdateException ex) when (StoreErrors.IsUniqueViolation(ex))
        {
            // Another admin took the same address, or the SKU made from it, between the checks above and this save.
            db.ChangeTracker.Clear();
            ModelState.AddModelError("Input.Slug", await db.Products.AnyAsync(p => p.Slug == Input.Slug && p.Id != id)
                ? "Another product already has this address."
                : "Another product took this product's SKU a moment ago: save again to give it the next free one.");
            return Page();
        }

        audit.Record(before is null ? "product.create" : "product.update", "Product", product.Id.ToString(CultureInfo.InvariantCulture), before, Snapshot(product));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        await catalogCache.CatalogChangedAsync();
        StatusMessage = $"{product.Name} has been saved.";
        return RedirectToPage(new { id = product.Id });
    }

    /// <summary>Deletes a product no order mentions; one that orders mention is archived: unpublished, kept for the books.</summary>
    private PageResult ShowConflict(Product theirs)
    {
        Conflict = theirs;
        ImagePath = theirs.ImagePath;
        ModelState.Clear();
        ModelState.AddModelError(string.Empty, "Someone else saved this product after you opened it. Nothing was overwritten: compare both versions below.");

        // Saving again from here is a deliberate choice to replace their version with yours.
        Input.Version = theirs.Version;
        return Page();
    }

    private async Task<string> FreeSkuAsync(string slug)
    {
        var sku = Skus.Of(slug);
        for (var n = 2; await db.ProductVariants.AnyAsync(v => v.Sku == sku); n++)
        {
            sku = Skus.Of(slug, [$"{n}"]); // "LINEN-SHIRT-2", the slug shortened when it must be
        }

        return sku;
    }

    private async Task LoadAsync(int? id)
    {
        Id = id;
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.Name).ToListAsync();
        VariantCount = id is null ? 0 : await db.ProductVariants.CountAsync(v => v.ProductId == id);
    }

    /// <summary>Its variants: with more than one, the price is theirs unless they have none, and stock is each one's own.</summary>
    public int VariantCount { get; private set; }

    public static object Snapshot(Product p) => new
    {
        p.Name, p.Slug, p.Description, p.PriceMinor, p.CategoryId, p.IsPublished, p.FeaturedRank, p.ImagePath, p.ArchivedAt, p.Version,
    };

    public sealed class ProductInput
    {
        [Required(ErrorMessage = "Enter a name.")]
        [StringLength(200, ErrorMessage = "Use at most 200 characters.")]
        [Infrastructure.PlainText]
        public string Name { get; set; } = "";

        // May be left blank on a new product (made from its name on save): bound as "", not refused as missing.
        [Required(AllowEmptyStrings = true)]
        [DisplayFormat(ConvertEmptyStringToNull = false)]
        [StringLength(100, ErrorMessage = "Use at most 100 characters.")]
        [RegularExpression(Catalog.Slugs.Pattern, ErrorMessage = "Use lower-case letters, digits and single hyphens, such as blue-linen-shirt.")]
        [Display(Name = "Address (slug)")]
        public string Slug { get; set; } = "";

        [StringLength(4000, ErrorMessage = "Use at most 4,000 characters.")]
        public string? Description { get; set; }

        /// <summary>In the shop's decimal notation, read by <see cref="Prices.Read(string?, out long)"/> on save.</summary>
        [Required(ErrorMessage = "Enter a price, such as 12.90.")]
        [StringLength(30, ErrorMessage = "Enter a price such as 12.90.")]
        [Display(Name = "Price")]
        public string Price { get; set; } = "";

        [Display(Name = "Category")]
        public int CategoryId { get; set; }

        [Display(Name = "Published (on sale)")]
        public bool IsPublished { get; set; } = true;

        [Range(1, 1000, ErrorMessage = "Use a rank from 1 to 1,000, or leave it empty.")]
        [Display(Name = "Featured rank (optional)")]
        public int? FeaturedRank { get; set; }

        [Range(0, VariantRules.MaxStock, ErrorMessage = VariantRules.StockMessage)]
        [Display(Name = "Stock to start with")]
        public int? Stock { get; set; }

        public int Version { get; set; }

        public static ProductInput From(Product p, Prices prices) => new()
        {
            Name = p.Name,
            Slug = p.Slug,
            Description = p.Description,
            Price = prices.ToText(p.PriceMinor),
            CategoryId = p.CategoryId,
            IsPublished = p.IsPublished,
            FeaturedRank = p.FeaturedRank,
            Version = p.Version,
        };

        public void ApplyTo(Product p, long priceMinor)
        {
            p.Name = Name.Trim();
            p.Slug = Slug;
            p.Description = Description?.Trim() ?? "";
            p.PriceMinor = priceMinor;
            p.CategoryId = CategoryId;
            p.Publish(IsPublished);
            p.FeaturedRank = FeaturedRank;
        }
    }
}
