using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Privacy;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Account;

/// <summary>A shopper keeps at most 20 saved addresses: the address book says so, and neither the form nor the API adds a 21st.</summary>
public sealed class AddressBookLimitTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task The_twenty_first_address_is_refused_with_a_clear_message_on_the_pages_and_in_the_api()
    {
        var (shopper, email) = await factory.SignedInShopperAsync();
        using var _ = shopper;
        await shopper.SaveProfileAsync(saveContact: false, saveAddresses: true);
        for (var i = 1; i < SavedDetails.MaxAddresses; i++)
        {
            Assert.Equal("The address has been added.", (await shopper.AddAddressAsync(line1: $"{i} Rue des Lilas")).Find("[role=status]")?.TextContent);
        }

        var openForm = await shopper.GetAsync("/account/addresses/edit"); // opened while there was room
        await shopper.AddAddressAsync(line1: "20 Rue des Lilas");

        var book = await shopper.GetAsync("/account/addresses");
        Assert.Contains(SavedDetails.FullMessage, book.Body, StringComparison.Ordinal);
        Assert.Null(book.Document.QuerySelector("a[href='/account/addresses/edit']"));
        var edit = await shopper.GetAsync("/account/addresses/edit");
        Assert.Equal(SavedDetails.FullMessage, edit.Find("[role=alert]")?.TextContent.Trim());
        Assert.Null(edit.Find("#address"));

        var refused = await shopper.SubmitAsync(openForm, "#address", new Dictionary<string, string>
        {
            ["Input.Name"] = "Zoë Martin", ["Input.Line1"] = "21 Rue des Lilas", ["Input.City"] = "Lyon", ["Input.PostalCode"] = "69003", ["Input.Country"] = "FR",
        }, button: "Save address");
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Contains(SavedDetails.FullMessage, refused.Find(".validation-summary-errors")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("21 Rue des Lilas", refused.Find("#Input_Line1")?.GetAttribute("value")); // what was typed is kept

        using var app = AppSignIn.AppClient(factory, (await AppSignIn.TokensForAsync(factory, email)).AccessToken);
        using var response = await app.PostAsJsonAsync("/api/v1/me/addresses",
            new { name = "Zoë Martin", line1 = "22 Rue des Lilas", city = "Lyon", postalCode = "69003", country = "FR" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("https://shopweb.example/problems/address-book-full", await ApiSteps.ProblemTypeAsync(response, "POST", "/api/v1/me/addresses"));

        var stored = await factory.WithDbAsync(async db =>
        {
            var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            return await db.SavedAddresses.CountAsync(a => a.UserId == id);
        });
        Assert.Equal(SavedDetails.MaxAddresses, stored);
    }
}
