using System.Reflection;
using System.Runtime.Loader;

namespace AcrNetwork.Loader;

/// <summary>
/// The module's private load context. Az.Accounts and other modules bring their own Azure.Core,
/// Azure.Identity and MSAL into the default context; every assembly shipped in the module's bin
/// folder is loaded here instead, so import order never matters.
/// </summary>
public sealed class LoadContext : AssemblyLoadContext
{
    public const string ContextName = "AcrNetwork";

    private static readonly object SyncRoot = new();
    private static LoadContext? instance;

    private readonly string assemblyDirectory;
    private readonly Assembly commandsAssembly;
    private readonly Dictionary<string, string> platformAssemblies;

    private LoadContext(string commandsAssemblyPath)
        : base(ContextName, isCollectible: false)
    {
        assemblyDirectory = Path.GetDirectoryName(commandsAssemblyPath)!;
        platformAssemblies = ReadPlatformAssemblies();
        commandsAssembly = LoadFromAssemblyPath(commandsAssemblyPath);
    }

    /// <summary>Loads the cmdlet assembly once per process and returns it for Import-Module -Assembly.</summary>
    public static Assembly Initialize()
    {
        lock (SyncRoot)
        {
            if (instance is null)
            {
                string directory = Path.GetDirectoryName(typeof(LoadContext).Assembly.Location)!;
                instance = new LoadContext(Path.Combine(directory, "AcrNetwork.Commands.dll"));
            }

            return instance.commandsAssembly;
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null || IsSharedWithDefaultContext(assemblyName))
        {
            return null;
        }

        string candidate = Path.Combine(assemblyDirectory, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }

    /// <summary>
    /// PowerShell's engine and the framework stay shared with the default context: cmdlet types
    /// must be the ones PowerShell knows, and a second System.Text.Json is only wanted where the
    /// runtime's own is older than the one a dependency was built against.
    /// </summary>
    private bool IsSharedWithDefaultContext(AssemblyName assemblyName)
    {
        string name = assemblyName.Name!;
        if (name == "System.Management.Automation" || name == typeof(LoadContext).Assembly.GetName().Name)
        {
            return true;
        }

        if (!platformAssemblies.TryGetValue(name, out string? platformPath))
        {
            return false;
        }

        Version? platformVersion = AssemblyName.GetAssemblyName(platformPath).Version;
        return assemblyName.Version is null || (platformVersion is not null && platformVersion >= assemblyName.Version);
    }

    /// <summary>The runtime's and PowerShell's own assemblies, by simple name.</summary>
    private static Dictionary<string, string> ReadPlatformAssemblies()
    {
        var assemblies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
        foreach (string path in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            assemblies.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        }

        return assemblies;
    }
}
