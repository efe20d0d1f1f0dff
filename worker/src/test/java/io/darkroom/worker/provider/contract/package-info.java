/** Contract tests' helper: requests and stub answers checked against a provider's published API description. */
package io.darkroom.worker.provider.contract;
