import { createMemoryStorage } from '../../src/store/memory.js';
import { storageContract } from './contract.js';

storageContract('memory', async (options) => createMemoryStorage(options));
