import { bootstrap, defaultPaths } from './lifecycle';

bootstrap(defaultPaths(__dirname));
