using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ShopWeb.Catalog.Csv;

namespace ShopWeb.Pages.Admin.Products;

/// <summary>The whole catalog as CSV (README, "Catalog CSV"), written to the response as it is read.</summary>
public sealed class ExportModel(CatalogCsvExport export, TimeProvider clock) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnGetCsvAsync()
    {
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"catalog-{clock.GetUtcNow():yyyy-MM-dd}.csv\"";
        Response.Headers.CacheControl = "no-store";
        await export.WriteAsync(Response.Body, HttpContext.RequestAborted);
        return new EmptyResult();
    }
}
