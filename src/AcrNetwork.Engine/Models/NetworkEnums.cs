using Newtonsoft.Json;
using Newtonsoft.Json.Converters;

namespace AcrNetwork;

// Values Azure may extend: anything unrecognised parses as Unknown instead of failing.

[JsonConverter(typeof(StringEnumConverter))]
public enum RegistrySku { Unknown, Classic, Basic, Standard, Premium }

[JsonConverter(typeof(StringEnumConverter))]
public enum PublicNetworkAccess { Unknown, Enabled, Disabled }

[JsonConverter(typeof(StringEnumConverter))]
public enum NetworkRuleAction { Unknown, Allow, Deny }

[JsonConverter(typeof(StringEnumConverter))]
public enum TrustedServicesBypass { Unknown, AzureServices, None }

[JsonConverter(typeof(StringEnumConverter))]
public enum PrivateEndpointConnectionStatus { Unknown, Approved, Pending, Rejected, Disconnected }

[JsonConverter(typeof(StringEnumConverter))]
public enum EndpointPurpose { Rest, Data, Storage, Regional }

/// <summary>The address families the registry's endpoints answer on (<c>endpointProtocol</c>).</summary>
[JsonConverter(typeof(StringEnumConverter))]
public enum EndpointProtocol { Unknown, IPv4, IPv4AndIPv6 }

/// <summary>How the registry honours role assignments (<c>roleAssignmentMode</c>): ABAC mode ignores AcrPull, AcrPush and Owner/Contributor for images.</summary>
[JsonConverter(typeof(StringEnumConverter))]
public enum RoleAssignmentMode { Unknown, LegacyRegistryPermissions, AbacRepositoryPermissions }
