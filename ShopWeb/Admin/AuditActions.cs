using System.Collections.Frozen;

namespace ShopWeb.Admin;

/// <summary>
/// What the audit page calls each action it records. The code ("product.update") stays beside the words: the filter
/// takes codes, and an action recorded under a code this list does not know is shown by its code alone.
/// </summary>
public static class AuditActions
{
    private static readonly FrozenDictionary<string, string> Names = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["catalog.import"] = "Catalog imported",
        ["category.create"] = "Category created",
        ["category.update"] = "Category changed",
        ["category.delete"] = "Category deleted",
        ["customer.reveal"] = "Customer's details shown",
        ["customer.lock"] = "Account locked",
        ["customer.unlock"] = "Account unlocked",
        ["customer.resend-confirmation"] = "Confirmation email sent again",
        ["customer.grant-admin"] = "Made an admin",
        ["customer.remove-admin"] = "No longer an admin",
        ["email.retry"] = "Email sent again",
        ["order.refund"] = "Order refunded",
        ["order.status"] = "Order status changed",
        ["product.create"] = "Product created",
        ["product.update"] = "Product changed",
        ["product.archive"] = "Product archived",
        ["product.delete"] = "Product deleted",
        ["product.image.upload"] = "Image uploaded",
        ["product.options"] = "Options changed",
        ["product.stock"] = "Stock changed",
        ["product.variants"] = "Variants changed",
        ["product.variants.generate"] = "Variants generated",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Every code this list names.</summary>
    public static IEnumerable<string> Known => Names.Keys;

    /// <summary>The action in words, or null for a code this list does not know.</summary>
    public static string? Describe(string action) => Names.GetValueOrDefault(action);
}
