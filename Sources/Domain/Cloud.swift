/// A Microsoft cloud: where the tenant lives, and so which hosts every step of the
/// instructions and every script must use.
///
/// Sources for the hosts and names below:
/// - Login and Microsoft Graph hosts per cloud, and the Azure portal addresses:
///   https://learn.microsoft.com/graph/deployments ("App registration and token service
///   root endpoints", "Microsoft Graph and Graph Explorer service root endpoints").
/// - `Connect-MgGraph -Environment` names (`Global`, `USGov`, `USGovDoD`, `China`) and their
///   endpoints: https://learn.microsoft.com/powershell/module/microsoft.graph.authentication/get-mgenvironment
/// - `az cloud set --name` values (`AzureCloud`, `AzureUSGovernment`, `AzureChinaCloud`):
///   https://learn.microsoft.com/cli/azure/manage-clouds-azure-cli
///   (the Azure CLI has no separate DoD cloud: DoD tenants sign in through `AzureUSGovernment`,
///   and the scripts call the DoD Graph host explicitly).
/// - Microsoft Entra admin center hosts (`entra.microsoft.com`, `entra.microsoft.us`,
///   `entra.microsoftonline.cn`): https://learn.microsoft.com/entra/fundamentals/faq
///   ("How can I allow Microsoft Entra admin center URLs on my firewall or proxy server?").
/// - SharePoint Online host suffixes: `sharepoint.com` (global and GCC), `sharepoint.us`
///   (GCC High), `sharepoint-mil.us` (DoD), as CISA's ScubaGear builds them
///   (Modules/Providers/ProviderHelpers/SPOSiteHelper.psm1); `sharepoint.cn` for
///   Microsoft 365 operated by 21Vianet, as its tenants' site addresses show. No Microsoft
///   page listing all four was found; see the instructions issue's closing note.
/// - Azure Key Vault's DNS suffixes and token resources: `vault.azure.net` in Azure's
///   global cloud (https://learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates,
///   "Object identifiers"), `vault.usgovcloudapi.net` in Azure Government
///   (https://learn.microsoft.com/azure/azure-government/compare-azure-government-global-azure,
///   "Guidance for developers", the endpoint table's Key Vault row), and `vault.azure.cn` in
///   Azure operated by 21Vianet (https://docs.azure.cn/key-vault/general/about-keys-secrets-certificates).
///   The PowerShell `Get-AzEnvironment` values `AzureKeyVaultDnsSuffix` and
///   `AzureKeyVaultServiceEndpointResourceId` (`https://vault.azure.cn` for AzureChinaCloud) agree.
public enum Cloud: String, NamedChoice {
    /// The worldwide cloud (also Microsoft 365 GCC, which uses the worldwide endpoints).
    case global
    /// Microsoft 365 GCC High (Azure Government).
    case usgov
    /// Microsoft 365 DoD (Azure Government, DoD Graph).
    case usgovdod
    /// Microsoft 365 operated by 21Vianet in China.
    case china

    /// `cloud`.
    public static let kind = "cloud"

    /// A name people recognise.
    public var displayName: String {
        switch self {
        case .global: "Microsoft 365 worldwide or GCC"
        case .usgov: "Microsoft 365 GCC High (US Government)"
        case .usgovdod: "Microsoft 365 DoD (US Government)"
        case .china: "Microsoft 365 operated by 21Vianet (China)"
        }
    }

    /// The Microsoft Entra ID sign-in host.
    public var loginHost: String {
        switch self {
        case .global: "login.microsoftonline.com"
        case .usgov, .usgovdod: "login.microsoftonline.us"
        case .china: "login.chinacloudapi.cn"
        }
    }

    /// The Microsoft Graph host.
    public var graphHost: String {
        switch self {
        case .global: "graph.microsoft.com"
        case .usgov: "graph.microsoft.us"
        case .usgovdod: "dod-graph.microsoft.us"
        case .china: "microsoftgraph.chinacloudapi.cn"
        }
    }

    /// `https://` + ``graphHost``, no trailing slash.
    public var graphURL: String { "https://" + graphHost }

    /// The DNS suffix of the tenant's SharePoint Online sites (`contoso.sharepoint.com`).
    public var sharePointSuffix: String {
        switch self {
        case .global: "sharepoint.com"
        case .usgov: "sharepoint.us"
        case .usgovdod: "sharepoint-mil.us"
        case .china: "sharepoint.cn"
        }
    }

    /// The Microsoft Entra admin center.
    public var adminCenterURL: String {
        switch self {
        case .global: "https://entra.microsoft.com"
        case .usgov, .usgovdod: "https://entra.microsoft.us"
        case .china: "https://entra.microsoftonline.cn"
        }
    }

    /// The Azure portal (its Microsoft Entra ID pages work as well as the admin center's).
    public var azurePortalURL: String {
        switch self {
        case .global: "https://portal.azure.com"
        case .usgov, .usgovdod: "https://portal.azure.us"
        case .china: "https://portal.azure.cn"
        }
    }

    /// The value of `Connect-MgGraph -Environment`.
    public var graphPowerShellEnvironment: String {
        switch self {
        case .global: "Global"
        case .usgov: "USGov"
        case .usgovdod: "USGovDoD"
        case .china: "China"
        }
    }

    /// The value of `az cloud set --name`.
    public var azureCLICloudName: String {
        switch self {
        case .global: "AzureCloud"
        case .usgov, .usgovdod: "AzureUSGovernment"
        case .china: "AzureChinaCloud"
        }
    }

    /// The DNS suffix of the cloud's Azure Key Vault vaults (`contoso.vault.azure.net`).
    /// DoD tenants use Azure Government's vaults.
    public var keyVaultSuffix: String {
        switch self {
        case .global: "vault.azure.net"
        case .usgov, .usgovdod: "vault.usgovcloudapi.net"
        case .china: "vault.azure.cn"
        }
    }

    /// The resource a Key Vault access token is issued for
    /// (`az account get-access-token --resource …`): `https://` + ``keyVaultSuffix``.
    public var keyVaultResource: String { "https://" + keyVaultSuffix }
}
