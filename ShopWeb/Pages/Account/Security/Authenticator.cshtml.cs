using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using QRCoder;
using ShopWeb.Configuration;
using ShopWeb.Data;
using ShopWeb.Identity;

namespace ShopWeb.Pages.Account.Security;

/// <summary>
/// Sets up an authenticator app: a key (as text and as a QR code drawn on the server), confirmed by a code. The key is
/// shown only while two-factor is off: once it is on, the key is a secret nobody needs to see again.
/// </summary>
public sealed class AuthenticatorModel(ShopUserManager users, SignInManager<ApplicationUser> signIn, ActivityLog activity, IOptions<ShopOptions> shop) : SignInSettingsPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>The key in groups of four, for typing into the app.</summary>
    public string Key { get; private set; } = "";

    /// <summary>The otpauth URI drawn as an SVG QR code (rects only, no inline style, so the CSP allows it).</summary>
    public string QrSvg { get; private set; } = "";

    /// <summary>Two-factor is on already: the page says so, with no key.</summary>
    public bool TwoFactorEnabled { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        TwoFactorEnabled = await users.GetTwoFactorEnabledAsync(user);
        if (!TwoFactorEnabled)
        {
            await LoadKeyAsync(user);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Challenge();
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            return RedirectToPage("/Account/Security/TwoFactor");
        }

        if (!ModelState.IsValid)
        {
            await LoadKeyAsync(user);
            return Page();
        }

        var code = Input.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError("Input.Code", "That code is not right. Check that the app shows this shop's code, and try the one showing now.");
            await LoadKeyAsync(user);
            return Page();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10);
        await activity.RecordAsync(user.Id, SecurityEventKind.TwoFactorEnabled);
        await signIn.RefreshSignInAsync(user);
        TempData[RecoveryCodesModel.CodesKey] = string.Join(" ", codes!);
        StatusMessage = "Two-factor sign-in is on. Keep these recovery codes somewhere safe.";
        return RedirectToPage("/Account/Security/RecoveryCodes", new { returnUrl = ReturnUrl is null ? null : SafeReturnUrl(ReturnUrl) });
    }

    private async Task LoadKeyAsync(ApplicationUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user) is { Length: > 0 } stored ? stored : await users.FirstAuthenticatorKeyAsync(user);

        Key = string.Join(" ", key.ToLowerInvariant().Chunk(4).Select(c => new string(c)));
        var issuer = UrlEncoder.Default.Encode(shop.Value.Name);
        var uri = $"otpauth://totp/{issuer}:{UrlEncoder.Default.Encode(user.Email!)}?secret={key}&issuer={issuer}&digits=6";
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        QrSvg = Draw(data);
    }

    /// <summary>The QR modules as plain rects: QRCoder's own SVG writer uses style attributes, which the CSP forbids.</summary>
    private static string Draw(QRCodeData data)
    {
        var size = data.ModuleMatrix.Count;
        var svg = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"220\" height=\"220\" role=\"img\" aria-label=\"QR code of the authenticator key\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>");
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (data.ModuleMatrix[y][x])
                {
                    svg.Append($"<rect x=\"{x}\" y=\"{y}\" width=\"1\" height=\"1\" fill=\"#000\"/>");
                }
            }
        }

        return svg.Append("</svg>").ToString();
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the 6-digit code the app shows.")]
        [StringLength(8, MinimumLength = 6, ErrorMessage = "Enter the 6-digit code the app shows.")]
        [Display(Name = "Code from the app")]
        public string Code { get; set; } = "";
    }
}
