import { withTestAnchors } from '../../drivers/card/sim/signing';
import type { TrustAnchors } from '../../drivers/card/trust/anchors';
import type { Logger } from '../core/ports';
import { type LabServer, startLabServer } from '../lab/server';
import { startSimulatedWorld, type SimulationOptions, type SimulatedWorld } from './simulators';

/**
 * Everything only simulation needs, behind one module that the composition root loads with a
 * dynamic import when simulation is asked for. The production Electron bundle leaves it out
 * (scripts/build-electron.mjs builds it as its own file, which packaging does not ship), so a
 * kiosk in the field cannot run simulators by mistake.
 */
export interface Simulation {
  world: SimulatedWorld;
  /** The lab starts last, once the kiosk it drives is wired. */
  startLab(): Promise<LabServer>;
  /** The simulated cards are signed by test roots: trusted here, and only here. */
  cardAnchors: TrustAnchors;
}

export async function startSimulation(options: SimulationOptions & { log: Logger }): Promise<Simulation> {
  const world = await startSimulatedWorld(options);
  return { world, startLab: () => startLabServer(world.lab, options.log), cardAnchors: withTestAnchors };
}
