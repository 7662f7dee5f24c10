using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Admin;
using ShopWeb.Catalog;
using ShopWeb.Data;

namespace ShopWeb.Pages.Admin.Categories;

/// <summary>Categories: list, add, rename and delete (only when no product is in it).</summary>
public sealed class IndexModel(ShopDbContext db, AdminAudit audit, CatalogCache catalogCache) : PageModel
{
    [BindProperty]
    public CategoryInput Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public IReadOnlyList<(Category Category, int Products)> Categories { get; private set; } = [];

    /// <summary>The category the form changes; none when it adds one.</summary>
    public Category? Editing { get; private set; }

    /// <param name="edit">A category to change (its name, address or description) instead of adding one.</param>
    public async Task<IActionResult> OnGetAsync(int? edit)
    {
        if (edit is not null)
        {
            if (await db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == edit) is not { } category)
            {
                return NotFound();
            }

            Editing = category;
            Input = new() { Name = category.Name, Slug = category.Slug, Description = category.Description, Seen = Seen(category) };
        }

        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(int? id)
    {
        var category = id is null ? null : await db.Categories.FirstOrDefaultAsync(c => c.Id == id);
        if (id is not null && category is null)
        {
            return NotFound();
        }

        if (await db.Categories.AnyAsync(c => c.Slug == Input.Slug && c.Id != id))
        {
            ModelState.AddModelError("Input.Slug", "Another category already has this address.");
        }

        if (!ModelState.IsValid)
        {
            Editing = category;
            await LoadAsync();
            return Page();
        }

        if (category is not null && Input.Seen != Seen(category))
        {
            return await ShowConflictAsync(category);
        }

        var before = category is null ? null : new { category.Name, category.Slug, category.Description };
        if (category is null)
        {
            category = new Category { Name = "", Slug = "", SortOrder = await db.Categories.CountAsync() };
            db.Categories.Add(category);
        }

        category.Name = Input.Name.Trim();
        category.Slug = Input.Slug;
        category.Description = Input.Description?.Trim() ?? "";

        // A new category has its id only once saved; the audit entry that names it commits with it.
        await using var transaction = await db.Database.BeginTransactionAsync();
        try
        {
            // The category is still as this admin saw it, or another save came since it was read above: checked by
            // the store in the transaction (its write lock on SQLite, the row's lock on PostgreSQL until the commit).
            if (before is not null && await db.Categories
                    .Where(c => c.Id == id && c.Name == before.Name && c.Slug == before.Slug && c.Description == before.Description)
                    .ExecuteUpdateAsync(set => set.SetProperty(c => c.Name, c => c.Name)) == 0)
            {
                await transaction.RollbackAsync();
                db.ChangeTracker.Clear();
                return await ShowConflictAsync(await db.Categories.AsNoTracking().SingleAsync(c => c.Id == id));
            }

            await db.SaveChangesAsync();
        }
        catch (DbUpdateException ex) when (StoreErrors.IsUniqueViolation(ex))
        {
            // Another admin took the same address between the check above and this save.
            db.ChangeTracker.Clear();
            ModelState.AddModelError("Input.Slug", "Another category already has this address.");
            Editing = id is null ? null : await db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id);
            await LoadAsync();
            return Page();
        }

        audit.Record(before is null ? "category.create" : "category.update", "Category", category.Id.ToString(CultureInfo.InvariantCulture),
            before, new { category.Name, category.Slug, category.Description });
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        await catalogCache.CatalogChangedAsync();
        StatusMessage = $"{category.Name} has been saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id)
    {
        if (await db.Categories.FirstOrDefaultAsync(c => c.Id == id) is not { } category)
        {
            return NotFound();
        }

        if (await db.Products.AnyAsync(p => p.CategoryId == id))
        {
            StatusMessage = $"{category.Name} still has products; move or delete them first.";
            return RedirectToPage();
        }

        db.Categories.Remove(category);
        audit.Record("category.delete", "Category", id.ToString(CultureInfo.InvariantCulture), new { category.Name, category.Slug, category.Description }, null);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another admin deleted it since it was read: the delete found no row.
            StatusMessage = $"{category.Name} had already been deleted.";
            return RedirectToPage();
        }
        catch (DbUpdateException ex) when (StoreErrors.IsConstraintViolation(ex))
        {
            // A product was saved into it between the check above and the delete: the store's key refuses the delete.
            StatusMessage = $"{category.Name} still has products; move or delete them first.";
            return RedirectToPage();
        }

        await catalogCache.CatalogChangedAsync();
        StatusMessage = $"{category.Name} has been deleted.";
        return RedirectToPage();
    }

    /// <summary>
    /// The form again with what another admin saved since this one opened it: nothing overwritten. Their version is
    /// in the fields now, this admin's said back above them; saving again is a deliberate choice.
    /// </summary>
    private async Task<PageResult> ShowConflictAsync(Category theirs)
    {
        var mine = Input;
        ModelState.Clear();
        ModelState.AddModelError(string.Empty,
            $"Someone else saved this category after you opened it, so nothing was overwritten. It is shown below as it is now; you had entered the name \"{mine.Name}\" and the address \"{mine.Slug}\". Make your change again and save.");
        Editing = theirs;
        Input = new() { Name = theirs.Name, Slug = theirs.Slug, Description = theirs.Description, Seen = Seen(theirs) };
        await LoadAsync();
        return Page();
    }

    /// <summary>What the form was opened on, to tell whether someone else saved the category since (Categories keep no version).</summary>
    private static string Seen(Category category) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{category.Name}\n{category.Slug}\n{category.Description}")))[..16];

    private async Task LoadAsync() =>
        Categories = (await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name)
            .Select(c => new { Category = c, Products = db.Products.Count(p => p.CategoryId == c.Id) }).ToListAsync())
            .Select(x => (x.Category, x.Products)).ToList();

    public sealed class CategoryInput
    {
        [Required(ErrorMessage = "Enter a name.")]
        [StringLength(100, ErrorMessage = "Use at most 100 characters.")]
        [Infrastructure.PlainText]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Enter the address, such as garden-tools.")]
        [StringLength(100, ErrorMessage = "Use at most 100 characters.")]
        [RegularExpression(Catalog.Slugs.Pattern, ErrorMessage = "Use lower-case letters, digits and single hyphens.")]
        [Display(Name = "Address (slug)")]
        public string Slug { get; set; } = "";

        [StringLength(1000, ErrorMessage = "Use at most 1,000 characters.")]
        public string? Description { get; set; }

        /// <summary>The category as the form was opened on it (<see cref="IndexModel.Seen"/>); empty when adding one.</summary>
        [StringLength(64)]
        public string? Seen { get; set; }
    }
}
