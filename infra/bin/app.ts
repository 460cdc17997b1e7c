/**
 * The CDK app: every environment of the DWP platform definition, each as its own set of stacks,
 * checked by cdk-nag's AwsSolutions and NIST 800-53 rev 5 packs.
 *   cdk synth                          all environments (images built from the Dockerfiles)
 *   cdk synth -c environments=prod     one environment
 *   cdk deploy -c imageTag=<git sha>   deploy images CI pushed to the ECR repositories
 *   cdk deploy DwpPipeline -c pipelineOwner=<o> -c pipelineRepository=<r> -c pipelineConnectionArn=<arn>
 *                                      the release pipeline (one per app: test -> stage -> prod)
 *   cdk synth -c pipeline=false        the environments without the pipeline
 */
import { dwp } from '@dwp/platforms/dwp';
import { buildApp } from '../lib/build-app.ts';

buildApp(dwp).synth();
