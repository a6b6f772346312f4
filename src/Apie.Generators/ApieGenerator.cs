using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Apie.Generators.Emitting;
using Apie.Generators.Model;
using Apie.Generators.Parsing;
using Apie.Generators.Shared;
using Microsoft.CodeAnalysis;

namespace Apie.Generators;

/// <summary>
/// Writes the wrappers that record methods marked <c>[ApieRun]</c>, <c>[ApieSession]</c>, <c>[ApieTool]</c>,
/// <c>[ApieWorkflowStep]</c> or <c>[ApieLlmCall]</c>: a body for each partial method without one, and interceptors
/// for each call of a method with a body. One file per method.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ApieGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // ForAttributeWithMetadataName filters by syntax first, so only attributed methods reach the transform. The
        // compiler runs the transform again for each new compilation, and an equal model leaves the later stages cached.
        var declared = Declared(context, Symbols.RunAttributeName, WrapperKind.Run, TrackingNames.RunMethods, TrackingNames.CollectedRunMethods)
            .Combine(Declared(context, Symbols.SessionAttributeName, WrapperKind.Session, TrackingNames.SessionMethods, TrackingNames.CollectedSessionMethods))
            .Select(static (pair, _) => pair.Left.AddRange(pair.Right))
            .WithTrackingName(TrackingNames.CombinedMethods)
            .Combine(Declared(context, Symbols.ToolAttributeName, WrapperKind.Tool, TrackingNames.ToolMethods, TrackingNames.CollectedToolMethods))
            .Select(static (pair, _) => pair.Left.AddRange(pair.Right))
            .WithTrackingName(TrackingNames.CombinedWithTools)
            .Combine(Declared(context, Symbols.WorkflowStepAttributeName, WrapperKind.WorkflowStep, TrackingNames.WorkflowStepMethods, TrackingNames.CollectedWorkflowStepMethods))
            .Select(static (pair, _) => pair.Left.AddRange(pair.Right))
            .WithTrackingName(TrackingNames.CombinedWithWorkflowSteps)
            .Combine(Declared(context, Symbols.LlmCallAttributeName, WrapperKind.LlmCall, TrackingNames.LlmCallMethods, TrackingNames.CollectedLlmCallMethods))
            .Select(static (pair, _) => pair.Left.AddRange(pair.Right))
            .WithTrackingName(TrackingNames.CombinedWithLlmCalls);

        // Every invocation reaches this transform, again for each new compilation, because an edit anywhere can
        // change what a call binds to. An equal call site leaves the later stages cached.
        var callSites = context.SyntaxProvider
            .CreateSyntaxProvider(CallSiteParser.IsCandidate, CallSiteParser.Parse)
            .WithTrackingName(TrackingNames.CallSiteCandidates)
            .SelectMany(static (site, _) => site is null ? ImmutableArray<CallSiteModel>.Empty : ImmutableArray.Create(site))
            .WithTrackingName(TrackingNames.CallSites)
            .Collect()
            .WithTrackingName(TrackingNames.CollectedCallSites);

        // The methods declared here, and those of referenced assemblies that calls here reach.
        var methods = declared
            .Combine(callSites)
            .WithTrackingName(TrackingNames.DeclaredAndReferencedMethods)
            .SelectMany(static (all, _) => MethodsOf(all.Left, all.Right))
            .WithTrackingName(TrackingNames.AllMethods);

        // Each method keeps only its own call sites, so a new call of one method regenerates only its file. The
        // sites are grouped once per change of any call site, so each method's look-up does not scan them all.
        var sitesByMethod = callSites
            .Select(static (sites, _) => sites.GroupBy(static site => site.MethodKey).ToDictionary(static group => group.Key, static group => group.ToEquatableArray()))
            .WithTrackingName(TrackingNames.CallSitesByMethod);

        var sources = methods
            .Combine(sitesByMethod)
            .WithTrackingName(TrackingNames.MethodsAndCallSites)
            .Select(static (pair, _) => new WrapperSource(pair.Left, SitesOf(pair.Left, pair.Right)))
            .WithTrackingName(TrackingNames.MethodsWithCallSites);

        context.RegisterSourceOutput(sources, static (output, source) =>
        {
            // A method with a body that nothing calls needs no interceptor file.
            if (source.Method.Way == MarkingWay.Interceptor && source.CallSites.Count == 0)
            {
                return;
            }

            output.AddSource(source.Method.HintName, WrapperEmitter.Emit(source));
        });

        // Every interceptor file uses one internal attribute, written once where interceptors are enabled.
        var needsSharedAttribute = context.ParseOptionsProvider
            .Select(static (options, _) => LanguageLevel.Of(options).InterceptorsEnabled)
            .WithTrackingName(TrackingNames.LanguageLevel);

        context.RegisterSourceOutput(needsSharedAttribute, static (output, needed) =>
        {
            if (needed)
            {
                output.AddSource("Apie.InterceptsLocationAttribute.g.cs", InterceptorEmitter.SharedInterceptsLocationAttribute());
            }
        });
    }

    /// <summary>The models of the methods declared here with one Apie attribute.</summary>
    private static IncrementalValueProvider<ImmutableArray<MethodModel?>> Declared(
        IncrementalGeneratorInitializationContext context, string attributeName, WrapperKind kind, string name, string collectedName)
        => context.SyntaxProvider
            .ForAttributeWithMetadataName(
                attributeName,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax,
                (syntax, cancellationToken) => MethodParser.Parse(syntax, kind, cancellationToken))
            .WithTrackingName(name)
            .Collect()
            .WithTrackingName(collectedName);

    private static IEnumerable<MethodModel> MethodsOf(ImmutableArray<MethodModel?> methods, ImmutableArray<CallSiteModel> sites)
    {
        var declared = methods.Where(static method => method is not null).Select(static method => method!);
        var referenced = sites
            .Select(static site => site.Referenced)
            .Where(static method => method is not null)
            .Select(static method => method!);
        // The analyzers report a method with two Apie attributes. The generator wraps it once, as the first kind in
        // the order run, session, tool, step, model call.
        return declared.Concat(referenced).GroupBy(static method => method.Key).Select(static group => group.First());
    }

    private static EquatableArray<CallSiteModel> SitesOf(MethodModel method, Dictionary<string, EquatableArray<CallSiteModel>> sitesByMethod)
        => method.Way == MarkingWay.Interceptor && sitesByMethod.TryGetValue(method.Key, out var sites)
            ? sites
            : EquatableArray<CallSiteModel>.Empty;
}
