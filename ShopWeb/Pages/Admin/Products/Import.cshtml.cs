using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Caching.Distributed;
using ShopWeb.Admin;
using ShopWeb.Catalog.Csv;

namespace ShopWeb.Pages.Admin.Products;

/// <summary>
/// Uploads a catalog CSV, shows its preview, then applies the very file previewed: it is kept in the shared cache
/// (every instance sees it) under its SHA-256, and checked again as it is applied.
/// </summary>
[RequestSizeLimit(MaxBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxBytes + 1024 * 1024)]
public sealed class ImportModel(CatalogCsvImport import, IDistributedCache cache, AdminAudit audit) : PageModel
{
    /// <summary>The most a catalog file may hold, as the command reads it too.</summary>
    public const int MaxBytes = CatalogCsvReader.MaxBytes;

    public const int ProblemsShown = 200;

    private static readonly DistributedCacheEntryOptions Kept = new() { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) };

    [TempData]
    public string? StatusMessage { get; set; }

    public CatalogImportResult? Result { get; private set; }

    public string? FileHash { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? file)
    {
        if (file is null) // an empty file is read, and said to be empty as the command says it
        {
            ModelState.AddModelError("File", "Choose a CSV file.");
            return Page();
        }

        if (file.Length > MaxBytes)
        {
            ModelState.AddModelError("File", $"The file is larger than {MaxBytes / 1024 / 1024} MB: split it in parts.");
            return Page();
        }

        using var copy = new MemoryStream();
        await file.CopyToAsync(copy);
        var bytes = copy.ToArray();
        FileHash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Result = await import.PreviewAsync(new MemoryStream(bytes));
        if (Result.IsValid && !Result.ChangesNothing)
        {
            await cache.SetAsync(Key(FileHash), bytes, Kept);
        }

        return Page();
    }

    /// <param name="fingerprint">What the preview compared the file with (<see cref="CatalogImportResult.Fingerprint"/>).</param>
    public async Task<IActionResult> OnPostApplyAsync(string? fileHash, string? fingerprint)
    {
        if (string.IsNullOrEmpty(fileHash) || fileHash.Length != 64 || await cache.GetAsync(Key(fileHash)) is not { } bytes)
        {
            ModelState.AddModelError("File", "The previewed file is no longer kept: upload it again.");
            return Page();
        }

        FileHash = fileHash;
        Result = await import.ApplyAsync(new MemoryStream(bytes), r => audit.Record("catalog.import", "Catalog", fileHash[..12], null, r.Audit), fingerprint ?? "");
        if (Result.ChangedSincePreview)
        {
            // Another admin's edit, or an order that took stock the file sets, since the preview: applying it now would
            // overwrite what the preview did not show. The preview again, against the shop as it is now.
            ModelState.AddModelError("File", "The shop has changed since your preview, so nothing was imported: this is the file's preview against the shop as it is now. Apply it if it is still what you want.");
            return Page();
        }

        if (!Result.IsValid)
        {
            return Page(); // the shop changed since the preview: the problems it has now, nothing applied
        }

        await cache.RemoveAsync(Key(fileHash));
        StatusMessage = Result.Applied ? $"The catalog has been imported: {Result.Summary}." : "The file changes nothing in the shop.";
        return RedirectToPage();
    }

    private static string Key(string hash) => $"catalog-import:{hash}";
}
