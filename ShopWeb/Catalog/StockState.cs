namespace ShopWeb.Catalog;

/// <summary>How the shop words a product's stock.</summary>
public static class StockState
{
    public const int LowStock = 3;

    public static StockLevel Level(int stock) => stock switch
    {
        <= 0 => StockLevel.OutOfStock,
        <= LowStock => StockLevel.LowStock,
        _ => StockLevel.InStock,
    };

    public static string Describe(int stock) => Level(stock) switch
    {
        StockLevel.OutOfStock => "Sold out",
        StockLevel.LowStock => $"Only {stock} left",
        _ => "In stock",
    };
}

public enum StockLevel
{
    InStock,
    LowStock,
    OutOfStock,
}
