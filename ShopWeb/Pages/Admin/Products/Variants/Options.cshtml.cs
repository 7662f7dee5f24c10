using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Admin;
using ShopWeb.Catalog;
using ShopWeb.Catalog.Variants;
using ShopWeb.Data;

namespace ShopWeb.Pages.Admin.Products.Variants;

/// <summary>
/// A product's options (up to three) and their values in order, one per line, and renaming a value everywhere it is
/// used. Variants follow the options (<see cref="OptionChanges"/>); new combinations come from "Generate variants".
/// </summary>
public sealed class OptionsModel(ShopDbContext db, AdminAudit audit, CatalogCache catalogCache) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty]
    public RenameModel Rename { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public Product Product { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (await LoadAsync(id, tracked: false) is null)
        {
            return NotFound();
        }

        Input = InputModel.From(Product);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id)
    {
        if (await LoadAsync(id, tracked: true) is null)
        {
            return NotFound();
        }

        if (Product.Version != Input.Version)
        {
            return Stale();
        }

        var before = Snapshot(Product);
        var problems = OptionChanges.Apply(Product, Input.Specs(), Input.RemovalConfirmed);
        foreach (var problem in problems)
        {
            var field = problem.AboutName ? "Name" : "Values";
            ModelState.AddModelError(problem.Slot is { } s ? $"Input.Options[{s}].{field}" : string.Empty, problem.Message);
        }

        if (problems.Any(p => p.Slot is not null))
        {
            // Said at the top too: the message beside its option may be a screen further down.
            ModelState.AddModelError(string.Empty, "Nothing was saved: see the options below.");
        }

        // Told which variants an emptied option would leave: the same form saved again takes it off them.
        Input.RemovalConfirmed = !ModelState.IsValid && OptionChanges.RemovedInUse(Product, Input.Specs()).Count > 0;

        return ModelState.IsValid ? await SaveAsync("product.options", before, $"The options of {Product.Name} have been saved.") : Page();
    }

    public async Task<IActionResult> OnPostRenameAsync(int id)
    {
        if (await LoadAsync(id, tracked: true) is null)
        {
            return NotFound();
        }

        if (Product.Version != Input.Version)
        {
            return Stale();
        }

        var before = Snapshot(Product);
        if (OptionChanges.Rename(Product, Rename.Position, Rename.From ?? "", Rename.To ?? "") is { } error)
        {
            ModelState.AddModelError("Rename.To", error);
            Input = InputModel.From(Product);
            return Page();
        }

        return await SaveAsync("product.options", before, $"{Rename.From} is now {Rename.To?.Trim()}.");
    }

    private async Task<IActionResult> SaveAsync(string action, object before, string message)
    {
        Product.Version++;
        await using var transaction = await db.Database.BeginTransactionAsync();
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Stale();
        }

        audit.Record(action, "Product", Product.Id.ToString(CultureInfo.InvariantCulture), before, Snapshot(Product));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        await catalogCache.CatalogChangedAsync();
        StatusMessage = message;
        return RedirectToPage(new { id = Product.Id });
    }

    private PageResult Stale()
    {
        ModelState.Clear();
        ModelState.AddModelError(string.Empty, "Someone else saved this product after you opened it. Nothing was saved: reload the page and make your change again.");
        return Page();
    }

    private async Task<Product?> LoadAsync(int id, bool tracked)
    {
        var products = db.Products.Include(p => p.Options).Include(p => p.Variants).AsSplitQuery();
        var product = await (tracked ? products : products.AsNoTracking()).FirstOrDefaultAsync(p => p.Id == id);
        Product = product!;
        return product;
    }

    private static object Snapshot(Product p) => new
    {
        Options = p.Options.OrderBy(o => o.Position).Select(o => new { o.Name, Values = o.Values.ToList() }).ToList(),
        p.Version,
    };

    public sealed class InputModel
    {
        public int Version { get; set; }

        public List<OptionInput> Options { get; set; } = [];

        /// <summary>Set on the form that said what removing an option takes off its variants: saving it again does.</summary>
        public bool RemovalConfirmed { get; set; }

        public static InputModel From(Product product) => new()
        {
            Version = product.Version,
            Options = [.. Enumerable.Range(0, ProductOption.MaxPerProduct).Select(i => product.Options.FirstOrDefault(o => o.Position == i) is { } o
                ? new OptionInput { Name = o.Name, Values = string.Join('\n', o.Values) }
                : new OptionInput())],
        };

        public IReadOnlyList<OptionSpec?> Specs() => [.. Options.Take(ProductOption.MaxPerProduct + 1).Select(o => new OptionSpec(o.Name?.Trim() ?? "",
            [.. (o.Values ?? "").Split('\n').Select(v => v.Trim()).Where(v => v.Length > 0)]))];
    }

    public sealed class OptionInput
    {
        public string? Name { get; set; }

        /// <summary>One value per line, in the order shoppers see them.</summary>
        public string? Values { get; set; }
    }

    public sealed class RenameModel
    {
        public int Position { get; set; }

        public string? From { get; set; }

        public string? To { get; set; }
    }
}
