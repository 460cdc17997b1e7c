/**
 * Stage 4: request validation against the service's own OpenAPI document (path and query
 * parameters, JSON body) before anything leaves the gateway; 400 naming every failing field.
 */
import type { OpenApiDocuments, OpenApiValidator } from '@dwp/gateway-core';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { REQUEST_VALIDATION_CODE } from '../api-gateway-errors.ts';
import type { GatewayMetrics } from '../gateway-metrics.ts';
import { kGateway } from '../request-state.ts';
import { whenReady } from './thenable.ts';

export interface ValidationStageOptions {
  readonly documents: OpenApiDocuments;
  readonly metrics: GatewayMetrics;
  readonly stage: string;
}

export const validationStage = fp<ValidationStageOptions>(
  async (app: FastifyInstance, opts) => {
    const { documents, metrics, stage } = opts;
    app.addHook('preHandler', (request, reply, done) => {
      const state = request[kGateway];
      if (!state) {
        done();
        return;
      }
      whenReady<OpenApiValidator | undefined>(
        documents.validatorFor(state.route.service),
        (validator) => {
          if (!validator) {
            done();
            return;
          }
          const ct = request.headers['content-type'];
          const outcome = validator.validate({
            method: request.method,
            path: state.path,
            query: request.query as Record<string, unknown>,
            contentType: ct,
            body: Buffer.isBuffer(request.body) ? request.body : undefined,
          });
          if (outcome.ok) {
            done();
            return;
          }
          metrics.validationRejected.inc({ stage, resource: state.route.path, method: request.method });
          reply.code(400).send({
            error: { code: REQUEST_VALIDATION_CODE, message: 'Request validation failed', details: outcome.details },
          });
        },
        done,
      );
    });
  },
  { name: 'api-gateway/validation' },
);
